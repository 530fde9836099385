namespace LoftCompare.Runs;

/// <summary>A launched run's summary and the report written for it (null when the run was stopped before its end).</summary>
public sealed record RunOutcome(RunSummary Summary, string? ReportPath);
