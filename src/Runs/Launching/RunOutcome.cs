using LoftCompare.Runs.Execution;
namespace LoftCompare.Runs.Launching;

/// <summary>A launched run's summary and the report written for it (null when the run was stopped before its end).</summary>
/// <param name="ReportError">Why the report could not be written, when it could not (the run and its rows are recorded regardless).</param>
public sealed record RunOutcome(RunSummary Summary, string? ReportPath, string? ReportError = null)
{
    /// <summary>The suite's previous finished run, which <see cref="Regressions"/> compares against; null when there is none.</summary>
    public string? PreviousRunId { get; init; }

    /// <summary>What got worse since the previous run (empty when nothing did, or there is no previous run).</summary>
    public IReadOnlyList<LoftCompare.Eval.Reports.Regression> Regressions { get; init; } = [];

    /// <summary>The suite asks for a failing exit when a regression is found.</summary>
    public bool FailOnRegression { get; init; }

    /// <summary>Why the alert webhook was not reached, when it was asked for and was not.</summary>
    public string? AlertError { get; init; }
}
