namespace LoftCompare.Results;

/// <summary>
/// A row of <c>run_analyses</c>: what a finished run's report and viewer show beyond its line summaries and paired
/// comparisons (oracle costs, routing replay, chart data, failure and decline digests, regressions against the
/// suite's previous run), derived from every row once when the run ends and kept as one JSON document, so a read of a
/// million-row run costs a few kilobytes. <see cref="Version"/> is the document's shape: a reader that does not know
/// it derives the analysis from the rows again.
/// </summary>
public sealed record RunAnalysisRecord
{
    public required string RunId { get; init; }
    public required int Version { get; init; }
    public required string Document { get; init; }
}
