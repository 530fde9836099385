namespace LoftCompare.Results;

/// <summary>Reading runs: what reports, <c>tradeoffs</c>, <c>jobs</c> and <c>export</c> read.</summary>
public interface IRunQueries
{
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

    Task<IReadOnlyList<EffectiveLengthRecord>> GetEffectiveLengthsAsync(string runId, CancellationToken cancellationToken = default);
}
