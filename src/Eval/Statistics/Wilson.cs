namespace LoftCompare.Eval.Statistics;

/// <summary>
/// Wilson score interval for a proportion: never zero-width at finite n (40 of 40 right gives [0.912, 1], not [1, 1]),
/// and well-behaved near 0 and 1 where the bootstrap of a right/wrong score collapses.
/// </summary>
public static class Wilson
{
    private const double Z = 1.959963984540054; // 95%

    public static Interval Of(int successes, int n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "a proportion needs at least one example");
        }

        var p = (double)successes / n;
        var z2 = Z * Z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = Z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n))) / denominator;
        return new Interval(p, Math.Max(0, centre - half), Math.Min(1, centre + half), n);
    }

    /// <summary>Whether every value is exactly 0 or 1 (a right/wrong score).</summary>
    public static bool IsBinary(IReadOnlyCollection<double> values) => values.Count > 0 && values.All(v => v is 0 or 1);
}
