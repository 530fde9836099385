using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Results;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Runs.Retrievers;
using LoftCompare.Runs.Suites;
using LoftCompare.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Tests.Backends;

/// <summary>A plug-in's retrieval method, prompt format and dataset adapter, registered in code, are accepted in suite files and used by the run.</summary>
public sealed class PluginRegistriesTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task A_registered_retrieval_method_and_prompt_format_run_and_an_unregistered_one_is_refused_naming_the_field()
    {
        var suite = workspace.WriteSuite($$"""
            {
              "name": "plug-ins",
              "pipelines": ["rag"],
              "promptFormat": "team-prompt",
              "retrieval": { "method": "first-k", "topK": 2 },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ]
            }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var options = workspace.Options;
        await using var plugged = new ServiceCollection()
            .AddSingleton(RetrieverRegistry.BuiltIn().Register("first-k", _ => new FirstK()))
            .AddSingleton(PromptFormatRegistry.BuiltIn().Register("team-prompt", () => new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn)))
            .AddLoftCompare(store, options)
            .BuildServiceProvider();
        await using var plain = new ServiceCollection().AddLoftCompare(store, options).BuildServiceProvider();

        var outcome = await plugged.GetRequiredService<RunLauncher>().RunAsync(new RunLaunch { SuitePath = suite });
        var refused = await Assert.ThrowsAsync<SuiteException>(() => plain.GetRequiredService<RunLauncher>().RunAsync(new RunLaunch { SuitePath = suite }));

        Assert.Equal(RunStatus.Succeeded, outcome.Summary.Status);
        var rows = await store.GetResultsAsync(outcome.Summary.RunId);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(["doc0001", "doc0002"], r.RetrievedIds.Take(2)));
        Assert.Contains("promptFormat' is 'team-prompt'; expected one of loft, helmet, ruler", refused.Message);
    }

    [Fact]
    public async Task A_plug_in_dataset_adapter_registered_as_a_service_is_named_by_suites_and_a_second_adapter_of_a_name_is_refused()
    {
        var data = Directory.CreateDirectory(Path.Combine(workspace.Root, "tsv-set")).FullName;
        await File.WriteAllLinesAsync(Path.Combine(data, "corpus.tsv"), ["id\ttext", "d1\tTopeka is the capital of Kansas.", "d2\tColumbus is the capital of Ohio."]);
        await File.WriteAllLinesAsync(Path.Combine(data, "queries.tsv"), ["id\tquery\tanswer", "q1\tWhat is the capital of Kansas?\tTopeka", "q2\tWhat is the capital of Ohio?\tColumbus"]);
        var suite = workspace.WriteSuite($$"""
            { "name": "tsv", "pipelines": ["long-context"], "tasks": [ { "name": "capitals", "adapter": "tsv", "path": "{{TestWorkspace.Json(data)}}" } ] }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var options = workspace.Options;
        await using var plugged = new ServiceCollection().AddSingleton<IDatasetAdapter, TsvAdapter>().AddLoftCompare(store, options).BuildServiceProvider();
        await using var twice = new ServiceCollection().AddSingleton<IDatasetAdapter>(new TsvAdapter("csv")).AddLoftCompare(store, options).BuildServiceProvider();

        var outcome = await plugged.GetRequiredService<RunLauncher>().RunAsync(new RunLaunch { SuitePath = suite });

        Assert.Equal(RunStatus.Succeeded, outcome.Summary.Status);
        Assert.Equal(["q1", "q2"], (await store.GetResultsAsync(outcome.Summary.RunId)).Select(r => r.QueryId).Order());
        Assert.Contains("Two dataset adapters are named 'csv'", Assert.Throws<ArgumentException>(() => twice.GetRequiredService<RunLauncher>()).Message);
    }

    public void Dispose() => workspace.Dispose();

    /// <summary>A team's adapter: a question per row of <c>queries.tsv</c>, a document per row of <c>corpus.tsv</c>.</summary>
    private sealed class TsvAdapter(string name = "tsv") : IDatasetAdapter
    {
        public string Name => name;

        public async Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
        {
            var (corpusPath, queriesPath) = (Path.Combine(spec.Path, "corpus.tsv"), Path.Combine(spec.Path, "queries.tsv"));
            if (await CsvFile.ReadAsync(corpusPath, ["id", "text"], problems, '\t', cancellationToken) is not { } documents
                || await CsvFile.ReadAsync(queriesPath, ["id", "query", "answer"], problems, '\t', cancellationToken) is not { } queries)
            {
                return null;
            }

            return TaskSetFinish.Create(
                spec, problems, queriesPath, "capitals", TaskKind.Rag,
                documents.Select(r => new Document(r.Required(corpusPath, "id"), string.Empty, r.Required(corpusPath, "text"))).ToList(),
                queries.Select(r => new Query(r.Required(queriesPath, "id"), r.Required(queriesPath, "query"), [r.Required(queriesPath, "answer")], [])).ToList(),
                corpusPath: corpusPath);
        }
    }

    private sealed class FirstK : IRetriever
    {
        public string Name => "first-k";

        public Task IndexAsync(IReadOnlyList<Document> corpus, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(IReadOnlyList<Document> corpus, string query, int topK, CancellationToken cancellationToken = default)
            => Task.FromResult<IReadOnlyList<RetrievedDocument>>(corpus.Take(topK).Select(d => new RetrievedDocument(d, 1)).ToList());
    }
}
