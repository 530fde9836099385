namespace LoftCompare.Eval.Costs;

/// <summary>A pipeline's cost for N queries over one corpus: a one-off setup plus a per-query cost.</summary>
public sealed record CostLine(string Pipeline, double SetupUsd, double PerQueryUsd)
{
    public double Total(double queries) => SetupUsd + (queries * PerQueryUsd);

    /// <summary>
    /// The number of queries per corpus at which two lines cost the same; null when they never cross at one query or
    /// more (one is cheaper at every N).
    /// </summary>
    public static double? BreakEven(CostLine a, CostLine b)
    {
        var slope = a.PerQueryUsd - b.PerQueryUsd;
        if (slope == 0)
        {
            return null;
        }

        var queries = (b.SetupUsd - a.SetupUsd) / slope;
        return queries > 1 ? queries : null;
    }

    /// <summary>The cheaper of the two at <paramref name="queries"/> queries.</summary>
    public static CostLine Cheaper(CostLine a, CostLine b, double queries) => a.Total(queries) <= b.Total(queries) ? a : b;
}
