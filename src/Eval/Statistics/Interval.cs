namespace LoftCompare.Eval.Statistics;

/// <summary>A point estimate with its 95% bootstrap interval.</summary>
public readonly record struct Interval(double Estimate, double Low, double High, int N)
{
    /// <summary>The interval lies wholly on one side of zero.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;
}
