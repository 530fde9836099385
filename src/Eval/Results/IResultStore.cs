namespace LoftCompare.Eval.Results;

/// <summary>The results database: runs, the task sets they used, and per-example results.</summary>
public interface IResultStore
{
    Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    Task AddRunTaskAsync(RunTaskRecord task, CancellationToken cancellationToken = default);

    /// <summary>Writes a result idempotently: a second write for the same key replaces the first, never duplicates it.</summary>
    Task UpsertResultAsync(ResultRecord result, CancellationToken cancellationToken = default);

    Task AddRunPipelineAsync(RunPipelineRecord pipeline, CancellationToken cancellationToken = default);

    /// <summary>Replaces a run's aggregates and comparisons in one transaction.</summary>
    Task ReplaceAggregatesAsync(string runId, IReadOnlyList<AggregateRecord> aggregates, IReadOnlyList<ComparisonRecord> comparisons, CancellationToken cancellationToken = default);

    Task FinishRunAsync(string runId, RunStatus status, string? error, CancellationToken cancellationToken = default);

    /// <summary>Ends a run with its status, error and how many examples failed or were declined.</summary>
    Task FinishRunAsync(string runId, RunStatus status, string? error, RunCounts? counts, CancellationToken cancellationToken = default);

    /// <summary>Sets a run's end exactly as recorded elsewhere (status, error, ended and heartbeat times, counts): for copying runs between stores.</summary>
    Task RecordRunEndAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>Marks a running run alive; one whose heartbeat stops is swept to failed.</summary>
    Task HeartbeatRunAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Sets a cancelled or failed run running again, to be resumed; false when there is no such run.</summary>
    Task<bool> ReopenRunAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Fails runs still marked running whose process stopped heart-beating; returns their ids.</summary>
    Task<IReadOnlyList<string>> SweepAbandonedRunsAsync(DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default);

    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Every run, oldest first.</summary>
    Task<IReadOnlyList<RunRecord>> GetRunsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunTaskRecord>> GetRunTasksAsync(string runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ResultRecord>> GetResultsAsync(string runId, CancellationToken cancellationToken = default);

    Task<RunRecord?> GetLatestRunAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs of a suite started at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<RunRecord>> GetRunsOfSuiteAsync(string suiteName, DateTimeOffset since, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunPipelineRecord>> GetRunPipelinesAsync(string runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AggregateRecord>> GetAggregatesAsync(string runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ComparisonRecord>> GetComparisonsAsync(string runId, CancellationToken cancellationToken = default);
}
