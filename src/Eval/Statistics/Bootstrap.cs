namespace LoftCompare.Eval.Statistics;

/// <summary>
/// Percentile bootstrap (Efron) for the mean of per-example scores, and its paired form for the difference of two
/// systems on the same examples. Seeded, so the same scores and seed always give the same interval.
/// </summary>
public sealed class Bootstrap(int seed = Bootstrap.DefaultSeed, int resamples = 1000)
{
    public const int DefaultSeed = 20261129;

    public int Seed => seed;

    /// <summary>The bootstrap of a run recorded with <paramref name="seed"/> (runs from before seeds were stored use the default).</summary>
    public static Bootstrap ForRun(long? seed) => new(checked((int)(seed ?? DefaultSeed)));

    public int Resamples => resamples;

    /// <summary>Mean and 95% interval; null for no examples.</summary>
    public Interval? Mean(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            means[r] = ResampledMean(values, random);
        }

        Array.Sort(means);
        return new Interval(values.Average(), Percentiles.OfSorted(means, 2.5), Percentiles.OfSorted(means, 97.5), values.Count);
    }

    /// <summary>Mean of <c>a[i] − b[i]</c> with a paired 95% interval (examples resampled together); null for no pairs.</summary>
    public Interval? PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"Paired samples differ in length ({a.Count} vs {b.Count}).", nameof(b));
        }

        return Mean(a.Zip(b, (x, y) => x - y).ToList());
    }

    /// <summary>Mean of <paramref name="a"/> minus mean of <paramref name="b"/> for independent samples (each resampled on its own); null if either is empty.</summary>
    public Interval? IndependentDifference(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return null;
        }

        var random = new Random(seed);
        var differences = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            differences[r] = ResampledMean(a, random) - ResampledMean(b, random);
        }

        Array.Sort(differences);
        return new Interval(a.Average() - b.Average(), Percentiles.OfSorted(differences, 2.5), Percentiles.OfSorted(differences, 97.5), Math.Min(a.Count, b.Count));
    }

    private static double ResampledMean(IReadOnlyList<double> values, Random random)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[random.Next(values.Count)];
        }

        return sum / values.Count;
    }
}
