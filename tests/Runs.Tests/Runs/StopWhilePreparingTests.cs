using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Results;
using LoftCompare.Runs.Launching;
using LoftCompare.Runs.Retrievers;
using LoftCompare.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LoftCompare.Runs.Tests.Runs;

/// <summary>A stop request (the first SIGTERM) ends a preparation that would take minutes, not only the examples after it.</summary>
public sealed class StopWhilePreparingTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2); // only a hung test reaches it; no assertion is timed
    private readonly TestWorkspace workspace = new();

    /// <summary>A retriever whose indexing never ends on its own (a huge corpus being embedded), honouring its token.</summary>
    private sealed class EndlessIndexing(TaskCompletionSource started) : IRetriever
    {
        public string Name => "endless";

        public async Task IndexAsync(IReadOnlyList<Document> corpus, CancellationToken cancellationToken = default)
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(IReadOnlyList<Document> corpus, string query, int topK, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("no query runs before the index is built");
    }

    [Fact]
    public async Task A_stop_during_a_long_preparation_ends_it_and_leaves_the_run_cancelled_and_resumable()
    {
        var started = new TaskCompletionSource();
        var suite = workspace.WriteSuite($$"""
            {
              "name": "stopped-early",
              "pipelines": ["rag"],
              "retrieval": { "method": "endless" },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ]
            }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var launcher = new ServiceCollection()
            .AddSingleton(RetrieverRegistry.BuiltIn().Register("endless", _ => new EndlessIndexing(started)))
            .AddLoftCompare(store, workspace.Options)
            .BuildServiceProvider()
            .GetRequiredService<RunLauncher>();
        using var stop = new CancellationTokenSource();

        var running = launcher.RunAsync(new RunLaunch { SuitePath = suite, StopRequested = stop.Token });
        await started.Task.WaitAsync(HangGuard);
        stop.Cancel();
        var outcome = await running.WaitAsync(HangGuard);

        Assert.True(outcome.Summary.Interrupted);
        var run = (await store.GetRunAsync(outcome.Summary.RunId))!;
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Contains($"loftcompare run --resume {run.RunId}", run.Error);
        Assert.Empty(await store.GetResultsAsync(run.RunId));
    }

    public void Dispose() => workspace.Dispose();
}
