using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Results;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Runs.Retrievers;
using LoftCompare.Runs.Suites;
using LoftCompare.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LoftCompare.Runs.Tests.Backends;

/// <summary>A plug-in's retrieval method and prompt format, registered in code, are accepted in suite files and used by the run.</summary>
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
        var options = new LoftCompareOptions { DataDir = workspace.DataDirectory, Out = workspace.ReportFolder };
        await using var plugged = new ServiceCollection()
            .AddSingleton(RetrieverRegistry.CreateDefault().Register("first-k", _ => new FirstK()))
            .AddSingleton(PromptFormatRegistry.CreateDefault().Register("team-prompt", () => new LoftPromptFormat()))
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

    public void Dispose() => workspace.Dispose();

    private sealed class FirstK : IRetriever
    {
        public string Name => "first-k";

        public Task IndexAsync(IReadOnlyList<Document> corpus, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(IReadOnlyList<Document> corpus, string query, int topK, CancellationToken cancellationToken = default)
            => Task.FromResult<IReadOnlyList<RetrievedDocument>>(corpus.Take(topK).Select(d => new RetrievedDocument(d, 1)).ToList());
    }
}
