namespace LoftCompare.Results;

/// <summary>Writing runs: the run row, its tasks and pipelines, per-example results (idempotently), aggregates, its end, heartbeats and sweeps.</summary>
public interface IRunStore
{
    Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    Task AddRunTaskAsync(RunTaskRecord task, CancellationToken cancellationToken = default);

    /// <summary>Writes a result idempotently: a second write for the same key replaces the first, never duplicates it.</summary>
    Task UpsertResultAsync(ResultRecord result, CancellationToken cancellationToken = default);

    /// <summary>Writes many results idempotently in one transaction (copies and bulk loads): all land or none.</summary>
    Task UpsertResultsAsync(IReadOnlyList<ResultRecord> results, CancellationToken cancellationToken = default);

    Task AddRunPipelineAsync(RunPipelineRecord pipeline, CancellationToken cancellationToken = default);

    /// <summary>Replaces a run's aggregates, comparisons and line summaries in one transaction.</summary>
    Task ReplaceAggregatesAsync(string runId, IReadOnlyList<AggregateRecord> aggregates, IReadOnlyList<ComparisonRecord> comparisons, IReadOnlyList<RunLineRecord> lines, CancellationToken cancellationToken = default);

    /// <summary>Replaces a run's analysis (what its report shows beyond the lines, from every row), written when it ends.</summary>
    Task ReplaceRunAnalysisAsync(RunAnalysisRecord analysis, CancellationToken cancellationToken = default);

    /// <summary>Replaces a run's effective context lengths (one row per long-context model) in one transaction.</summary>
    Task ReplaceEffectiveLengthsAsync(string runId, IReadOnlyList<EffectiveLengthRecord> lengths, CancellationToken cancellationToken = default);

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
}
