namespace LoftCompare.Eval.Statistics;

/// <summary>The 95% interval of a mean score: Wilson's for a right/wrong score (never zero-width at finite n), the bootstrap's for a continuous one.</summary>
public static class ScoreIntervals
{
    /// <param name="values">At least one score.</param>
    public static Interval Of(IReadOnlyList<double> values, Bootstrap bootstrap)
        => Wilson.IsBinary(values) ? Wilson.Of((int)values.Sum(), values.Count) : bootstrap.Mean(values)!.Value;
}
