namespace LoftCompare.Eval.Statistics;

/// <summary>Percentiles by linear interpolation between closest ranks (numpy's default), so reports match common tooling.</summary>
public static class Percentiles
{
    public static double? Of(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? null : OfSorted(sorted, percentile);
    }

    /// <summary>The percentile of values already sorted ascending (not empty).</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double percentile)
    {
        var position = percentile / 100.0 * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
