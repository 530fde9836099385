using LoftCompare.Results;

namespace LoftCompare.Runs.Execution;

/// <summary>
/// Whether a finished run succeeded: every planned example recorded, none failed (declined ones are n/a, not failures)
/// beyond the tolerated fraction, and every task loaded. Otherwise it failed, and the reason gives the counts.
/// </summary>
public sealed record RunVerdict(RunStatus Status, string? Error)
{
    public static RunVerdict Of(int planned, int recorded, int failed, int declined, IReadOnlyList<string> taskErrors, double maxFailedFraction)
    {
        var problems = new List<string>();
        if (taskErrors.Count > 0)
        {
            problems.Add($"{taskErrors.Count} task(s) could not run: {string.Join("; ", taskErrors)}");
        }

        if (planned == 0 && taskErrors.Count == 0)
        {
            problems.Add("no examples to run");
        }

        var answerable = Math.Max(1, planned - declined);
        if (failed > 0 && (double)failed / answerable > maxFailedFraction)
        {
            problems.Add($"{failed} of {planned} examples failed{(declined > 0 ? $" ({declined} declined as n/a)" : string.Empty)}"
                + (maxFailedFraction > 0 ? $", more than the tolerated {maxFailedFraction:P0}" : string.Empty));
        }

        if (recorded < planned)
        {
            problems.Add($"{planned - recorded} of {planned} examples were not recorded");
        }

        return problems.Count == 0 ? new RunVerdict(RunStatus.Succeeded, null) : new RunVerdict(RunStatus.Failed, string.Join("; ", problems));
    }
}
