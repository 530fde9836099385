using LoftCompare.Results;
using LoftCompare.Runs.Suites;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Tests.Runs;

/// <summary><c>run --task NAME --limit N</c>: a run of part of a suite records exactly the part it ran.</summary>
public sealed class NarrowedRunTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task Only_the_named_tasks_run_with_at_most_the_limit_and_the_recorded_suite_says_so()
    {
        var suite = workspace.WriteSuite($$"""
            {
              "name": "part",
              "pipelines": ["rag"],
              "tasks": [
                { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 5 },
                { "name": "retrieval", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("retrieval"))}}", "maxQueries": 2 }
              ]
            }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var launcher = workspace.Launcher(store);

        var outcome = await launcher.RunAsync(new RunLaunch { SuitePath = suite, Tasks = ["rag"], Limit = 3 });

        var rows = await store.GetResultsAsync(outcome.Summary.RunId);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal("rag", r.TaskName));
        var recorded = (await store.GetRunAsync(outcome.Summary.RunId))!;
        var task = Assert.Single(SuiteLoader.Parse(recorded.SuiteJson, recorded.SuitePath, TestCatalog.Vocabulary).Tasks);
        Assert.Equal(("rag", 3), (task.Name, task.MaxQueries!.Value));

        var unknownModel = await Assert.ThrowsAsync<SuiteException>(() => launcher.RunAsync(new RunLaunch { SuitePath = suite, Models = ["gpt-9"] }));
        Assert.Contains("has no model 'gpt-9'; its models: extractive-minilm", unknownModel.Message);
        var error = await Assert.ThrowsAsync<SuiteException>(() => launcher.RunAsync(new RunLaunch { SuitePath = suite, Tasks = ["nope"] }));
        Assert.Contains("has no task 'nope'; its tasks: rag, retrieval", error.Message);
        await Assert.ThrowsAsync<SuiteException>(() => launcher.RunAsync(new RunLaunch { ResumeRunId = outcome.Summary.RunId, Limit = 1 }));
    }

    [Fact]
    public async Task Only_the_named_models_run_and_the_others_are_never_opened()
    {
        // 'nowhere-llm' has no endpoint: opening it would stop the run, so the run succeeding proves it was left out.
        var suite = workspace.WriteSuite($$"""
            {
              "name": "models",
              "pipelines": ["rag"],
              "models": { "reader": ["extractive-minilm", "nowhere-llm"] },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ]
            }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var launcher = workspace.Launcher(store);
        await Assert.ThrowsAsync<SuiteException>(() => launcher.RunAsync(new RunLaunch { SuitePath = suite }));

        var outcome = await launcher.RunAsync(new RunLaunch { SuitePath = suite, Models = ["extractive-minilm"] });

        Assert.Equal(RunStatus.Succeeded, outcome.Summary.Status);
        Assert.All(await store.GetResultsAsync(outcome.Summary.RunId), r => Assert.Equal("extractive-minilm", r.ModelId));
    }

    public void Dispose() => workspace.Dispose();
}
