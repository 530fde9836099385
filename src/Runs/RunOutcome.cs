namespace LoftCompare.Runs;

/// <summary>A launched run's summary and the report written for it (null when the run was stopped before its end).</summary>
/// <param name="ReportError">Why the report could not be written, when it could not (the run and its rows are recorded regardless).</param>
public sealed record RunOutcome(RunSummary Summary, string? ReportPath, string? ReportError = null);
