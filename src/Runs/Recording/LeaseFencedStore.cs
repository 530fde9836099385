using LoftCompare.Results;

namespace LoftCompare.Runs.Recording;

/// <summary>
/// The store as a leased job's run writes to it: every write first proves the lease is still this worker's (and renews
/// it), so a worker that was paused past its lease and lost the job to another writes nothing more, and never ends the
/// new owner's run. Reads pass straight through.
/// </summary>
/// <remarks>The proof and the write are two statements: a worker paused between them can still land that one write
/// (an idempotent upsert of an example the new owner will also record). It cannot start another.</remarks>
/// <param name="leaseHeld">Renews the lease; false when another worker holds it.</param>
public sealed class LeaseFencedStore(IResultStore inner, Func<CancellationToken, Task<bool>> leaseHeld) : IResultStore
{
    public Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default) => FencedAsync(run.RunId, () => inner.CreateRunAsync(run, cancellationToken));

    public Task AddRunTaskAsync(RunTaskRecord task, CancellationToken cancellationToken = default) => FencedAsync(task.RunId, () => inner.AddRunTaskAsync(task, cancellationToken));

    public Task UpsertResultAsync(ResultRecord result, CancellationToken cancellationToken = default) => FencedAsync(result.RunId, () => inner.UpsertResultAsync(result, cancellationToken));

    public Task UpsertResultsAsync(IReadOnlyList<ResultRecord> results, CancellationToken cancellationToken = default)
        => results.Count == 0 ? Task.CompletedTask : FencedAsync(results[0].RunId, () => inner.UpsertResultsAsync(results, cancellationToken));

    public Task AddRunPipelineAsync(RunPipelineRecord pipeline, CancellationToken cancellationToken = default) => FencedAsync(pipeline.RunId, () => inner.AddRunPipelineAsync(pipeline, cancellationToken));

    public Task ReplaceAggregatesAsync(string runId, IReadOnlyList<AggregateRecord> aggregates, IReadOnlyList<ComparisonRecord> comparisons, IReadOnlyList<RunLineRecord> lines, CancellationToken cancellationToken = default)
        => FencedAsync(runId, () => inner.ReplaceAggregatesAsync(runId, aggregates, comparisons, lines, cancellationToken));

    public Task ReplaceRunAnalysisAsync(RunAnalysisRecord analysis, CancellationToken cancellationToken = default)
        => FencedAsync(analysis.RunId, () => inner.ReplaceRunAnalysisAsync(analysis, cancellationToken));

    public Task ReplaceEffectiveLengthsAsync(string runId, IReadOnlyList<EffectiveLengthRecord> lengths, CancellationToken cancellationToken = default)
        => FencedAsync(runId, () => inner.ReplaceEffectiveLengthsAsync(runId, lengths, cancellationToken));

    public Task FinishRunAsync(string runId, RunStatus status, string? error, CancellationToken cancellationToken = default)
        => FencedAsync(runId, () => inner.FinishRunAsync(runId, status, error, cancellationToken));

    public Task FinishRunAsync(string runId, RunStatus status, string? error, RunCounts? counts, CancellationToken cancellationToken = default)
        => FencedAsync(runId, () => inner.FinishRunAsync(runId, status, error, counts, cancellationToken));

    public Task RecordRunEndAsync(RunRecord run, CancellationToken cancellationToken = default) => FencedAsync(run.RunId, () => inner.RecordRunEndAsync(run, cancellationToken));

    public Task HeartbeatRunAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken = default) => FencedAsync(runId, () => inner.HeartbeatRunAsync(runId, now, cancellationToken));

    public async Task<bool> ReopenRunAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await FenceAsync(runId);
        return await inner.ReopenRunAsync(runId, now, cancellationToken);
    }

    public Task<IReadOnlyList<string>> SweepAbandonedRunsAsync(DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default) => inner.SweepAbandonedRunsAsync(now, staleAfter, cancellationToken);

    public Task<RunAnalysisRecord?> GetRunAnalysisAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunAnalysisAsync(runId, cancellationToken);

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunAsync(runId, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> GetRunsAsync(CancellationToken cancellationToken = default) => inner.GetRunsAsync(cancellationToken);

    public Task<IReadOnlyList<RunTaskRecord>> GetRunTasksAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunTasksAsync(runId, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetResultsAsync(string runId, CancellationToken cancellationToken = default) => inner.GetResultsAsync(runId, cancellationToken);

    public IAsyncEnumerable<ResultRecord> StreamResultsAsync(string runId, CancellationToken cancellationToken = default) => inner.StreamResultsAsync(runId, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetResultsPageAsync(string runId, long skip, int take, CancellationToken cancellationToken = default) => inner.GetResultsPageAsync(runId, skip, take, cancellationToken);

    public Task<long> CountResultsAsync(string runId, CancellationToken cancellationToken = default) => inner.CountResultsAsync(runId, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetExampleAsync(string runId, string taskName, string queryId, CancellationToken cancellationToken = default) => inner.GetExampleAsync(runId, taskName, queryId, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetExamplesAsync(string runId, ExampleFilter filter, long skip, int take, CancellationToken cancellationToken = default) => inner.GetExamplesAsync(runId, filter, skip, take, cancellationToken);

    public Task<IReadOnlyList<RunLineRecord>> GetRunLinesAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunLinesAsync(runId, cancellationToken);

    public Task<RunRecord?> GetLatestRunAsync(CancellationToken cancellationToken = default) => inner.GetLatestRunAsync(cancellationToken);

    public Task<IReadOnlyList<RunRecord>> GetRunsOfSuiteAsync(string suiteName, DateTimeOffset since, CancellationToken cancellationToken = default) => inner.GetRunsOfSuiteAsync(suiteName, since, cancellationToken);

    public Task<IReadOnlyList<RunPipelineRecord>> GetRunPipelinesAsync(string runId, CancellationToken cancellationToken = default) => inner.GetRunPipelinesAsync(runId, cancellationToken);

    public Task<IReadOnlyList<AggregateRecord>> GetAggregatesAsync(string runId, CancellationToken cancellationToken = default) => inner.GetAggregatesAsync(runId, cancellationToken);

    public Task<IReadOnlyList<ComparisonRecord>> GetComparisonsAsync(string runId, CancellationToken cancellationToken = default) => inner.GetComparisonsAsync(runId, cancellationToken);

    public Task<IReadOnlyList<EffectiveLengthRecord>> GetEffectiveLengthsAsync(string runId, CancellationToken cancellationToken = default) => inner.GetEffectiveLengthsAsync(runId, cancellationToken);

    private async Task FencedAsync(string runId, Func<Task> write)
    {
        await FenceAsync(runId);
        await write();
    }

    private async Task FenceAsync(string runId)
    {
        // Proved against the database even when the caller gave up: a finished example is recorded only while the lease is ours.
        if (!await leaseHeld(CancellationToken.None))
        {
            throw new LeaseLostException(runId);
        }
    }
}
