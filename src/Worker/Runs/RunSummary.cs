namespace LoftCompare.Worker.Runs;

/// <summary>How a run ended: its id, status, rows written and failed examples.</summary>
public sealed record RunSummary(string RunId, string Status, int RowsWritten, int FailedExamples, IReadOnlyList<string> TaskErrors);
