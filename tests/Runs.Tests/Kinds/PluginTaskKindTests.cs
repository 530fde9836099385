using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Results;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Runs.Suites;
using LoftCompare.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

using LoftCompare.Tests.Plugins;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Tests.Kinds;

/// <summary>
/// A task kind the core does not know, added the way the guide says (one profile, one metric, one AddTaskKind line):
/// suites name it, the CSV adapter checks its gold, both pipelines prompt it from its profile, the embedded reader
/// does what its profile says, and its metric scores the rows. Nothing else in the code base is edited for it.
/// </summary>
public sealed class PluginTaskKindTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task A_plug_in_kind_runs_end_to_end_on_both_pipelines_and_is_refused_where_it_is_not_registered()
    {
        var suite = workspace.WriteSuite($$"""
            {
              "name": "plug-in-kind",
              "pipelines": ["rag", "long-context"],
              "tasks": [ { "name": "sources", "adapter": "csv", "kind": "quote-source", "path": "{{TestWorkspace.Json(Path.Combine(AppContext.BaseDirectory, "datasets", "csv", "sotu-sample"))}}" } ]
            }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var options = workspace.Options;
        await using var plugged = new ServiceCollection()
            // A plug-in's own format registry, made before the kind was known, still prompts it: formats are made per run for its kinds.
            .AddSingleton(PromptFormatRegistry.BuiltIn().Register("team-prompt", kinds => new LoftPromptFormat(kinds)))
            .AddTaskKind(QuoteSource.Profile, new QuoteSourceMetric())
            .AddLoftCompare(store, options)
            .BuildServiceProvider();
        await using var plain = new ServiceCollection().AddLoftCompare(store, options).BuildServiceProvider();

        var outcome = await plugged.GetRequiredService<RunLauncher>().RunAsync(new RunLaunch { SuitePath = suite });
        var refused = await Assert.ThrowsAsync<SuiteException>(() => plain.GetRequiredService<RunLauncher>().RunAsync(new RunLaunch { SuitePath = suite }));

        Assert.Equal(RunStatus.Succeeded, outcome.Summary.Status);
        var rows = await store.GetResultsAsync(outcome.Summary.RunId);
        var set = await new Corpora.Adapters.Csv.CsvFolderAdapter().LoadAsync(new DatasetSpec("csv", Path.Combine(AppContext.BaseDirectory, "datasets", "csv", "sotu-sample"), Kind: QuoteSource.Kind));
        var gold = set!.Queries.ToDictionary(q => q.Id, q => q.GoldDocIds);
        Assert.Equal(2 * set.Queries.Count, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Null(r.Error);
            // The reader ranked (its profile's skill) and answered one id after the profile's answer marker.
            Assert.Matches(@"\nFinal Answer: \[doc\d+\]$", r.RawOutput);
            Assert.Single(r.Prediction!);
            Assert.Equal(gold[r.QueryId].Contains(r.Prediction![0]) ? 1.0 : 0.0, r.Scores["source_hit"]);
        });
        // The quotes are verbatim, so reading the whole corpus finds most sources: real, varied scores.
        var longContext = rows.Where(r => r.Pipeline == "long-context").Average(r => r.Scores["source_hit"]);
        Assert.InRange(longContext, 0.5, 1.0);
        Assert.Contains("unknown kind 'quote-source' (known: retrieval, rag, multi-value-rag, recall, rerank, citation, sql, icl)", refused.Message);

        var report = await File.ReadAllTextAsync(outcome.ReportPath!);
        Assert.Contains("## Task sources (quote-source; leading metric: source_hit, the team's rules)", report);
    }

    [Fact]
    public void The_plug_in_kinds_profile_shapes_the_LOFT_prompt()
    {
        var kinds = TaskKindProfiles.BuiltIn.With(QuoteSource.Profile);
        var corpus = new[] { new Document("d1", "Speech one", "We shall overcome."), new Document("d2", "Speech two", "Ask not.") };
        var taskSet = TaskSet.Create("t", QuoteSource.Kind, corpus, [new Query("q1", "Ask not.", [], ["d2"])], [new Query("e1", "We shall overcome.", [], ["d1"])], "mem");

        var prompt = new LoftPromptFormat(kinds).Build(taskSet, corpus, taskSet.Queries[0], allowUnanswerable: true).Text;

        Assert.StartsWith(QuoteSource.Profile.Loft.Instruction + "\n", prompt);
        Assert.DoesNotContain(LoftPromptFormat.UnanswerableInstruction, prompt); // the profile says a source cannot be declined
        Assert.Contains("Final Answer: [d1]", prompt); // the example's answer, written by the profile
        Assert.EndsWith("Which speech is this quote from?\nquery: Ask not.", prompt);
        Assert.Throws<Pipelines.Models.TaskKindNotSupportedException>(() => new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(taskSet, corpus, taskSet.Queries[0]));
    }

    [Fact]
    public async Task A_loft_folder_whose_family_names_a_plug_in_kind_loads_as_that_kind_in_a_run_that_registered_it()
    {
        var csv = await new Corpora.Adapters.Csv.CsvFolderAdapter().LoadAsync(new DatasetSpec("csv", Path.Combine(AppContext.BaseDirectory, "datasets", "csv", "sotu-sample"), Kind: QuoteSource.Kind));
        var folder = Path.Combine(workspace.Root, "quote-source", "sotu", "8k");
        await Corpora.Adapters.Loft.LoftFolderWriter.WriteAsync(folder, QuoteSource.Kind, csv!.Corpus, new Dictionary<string, IReadOnlyList<Query>> { ["test"] = csv.Queries });
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await using var plugged = new ServiceCollection().AddTaskKind(QuoteSource.Profile, new QuoteSourceMetric()).AddLoftCompare(store, new LoftCompareOptions()).BuildServiceProvider();

        var set = await plugged.GetRequiredService<DatasetAdapterRegistry>().Get("loft").LoadOrThrowAsync(new DatasetSpec("loft", folder));
        var plain = await Assert.ThrowsAsync<DatasetFormatException>(() => DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).Get("loft").LoadOrThrowAsync(new DatasetSpec("loft", folder)));

        Assert.Equal(QuoteSource.Kind, set.Kind);
        Assert.Equal(csv.Queries.Select(q => q.GoldDocIds), set.Queries.Select(q => q.GoldDocIds));
        Assert.Contains("cannot tell the task kind from the folder layout", plain.Message);
    }

    public void Dispose() => workspace.Dispose();
}
