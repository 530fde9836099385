namespace LoftCompare.Results;

/// <summary>Reading runs: what reports, <c>tradeoffs</c>, <c>jobs</c> and <c>export</c> read.</summary>
public interface IRunQueries
{
    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Every run, oldest first.</summary>
    Task<IReadOnlyList<RunRecord>> GetRunsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunTaskRecord>> GetRunTasksAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Every row of a run, in key order, held whole: for work that needs them all (scoring a run's end, a report's charts). Pages and exports use the reads below.</summary>
    Task<IReadOnlyList<ResultRecord>> GetResultsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Every row of a run in key order, read as it is consumed: constant memory however large the run.</summary>
    IAsyncEnumerable<ResultRecord> StreamResultsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Rows <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> of a run in key order (task, pipeline, model, query).</summary>
    Task<IReadOnlyList<ResultRecord>> GetResultsPageAsync(string runId, long skip, int take, CancellationToken cancellationToken = default);

    /// <summary>How many rows a run has.</summary>
    Task<long> CountResultsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>One example's rows (every pipeline and model), by pipeline then model: one indexed lookup.</summary>
    Task<IReadOnlyList<ResultRecord>> GetExampleAsync(string runId, string taskName, string queryId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Examples <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> that pass <paramref name="filter"/>, in (task, query)
    /// order, filtered and paged in SQL: their rows (only the filter's model's, when it names one), by task, query, pipeline, model.
    /// </summary>
    Task<IReadOnlyList<ResultRecord>> GetExamplesAsync(string runId, ExampleFilter filter, long skip, int take, CancellationToken cancellationToken = default);

    /// <summary>The line summaries stored when the run ended (none for a run still running, or recorded before they were kept).</summary>
    Task<IReadOnlyList<RunLineRecord>> GetRunLinesAsync(string runId, CancellationToken cancellationToken = default);

    Task<RunRecord?> GetLatestRunAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs of a suite started at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<RunRecord>> GetRunsOfSuiteAsync(string suiteName, DateTimeOffset since, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunPipelineRecord>> GetRunPipelinesAsync(string runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AggregateRecord>> GetAggregatesAsync(string runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ComparisonRecord>> GetComparisonsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The analysis stored when the run ended; null when none was (a running run's may be from before a resume).</summary>
    Task<RunAnalysisRecord?> GetRunAnalysisAsync(string runId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<EffectiveLengthRecord>> GetEffectiveLengthsAsync(string runId, CancellationToken cancellationToken = default);
}
