using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Tests.Statistics;

public sealed class BootstrapTests
{
    private static readonly double[] Scores = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 1, 1];

    [Fact]
    public void The_same_seed_gives_the_same_interval_and_another_seed_a_different_one()
    {
        double[] f1Scores = [0.12, 0.97, 0.55, 0.31, 0.88, 0.05, 0.66, 0.73, 0.29, 0.91, 0.44, 0.18];
        var first = new Bootstrap(seed: 7).Mean(f1Scores)!.Value;
        var again = new Bootstrap(seed: 7).Mean(f1Scores)!.Value;
        var other = new Bootstrap(seed: 8).Mean(f1Scores)!.Value;

        Assert.Equal(first, again);
        Assert.NotEqual((first.Low, first.High), (other.Low, other.High));
    }

    [Fact]
    public void The_interval_brackets_the_mean_with_a_width_near_the_normal_approximation()
    {
        var interval = new Bootstrap().Mean(Scores)!.Value;

        Assert.Equal(0.65, interval.Estimate, 10);
        Assert.True(interval.Low < 0.65 && 0.65 < interval.High);
        // Normal approximation: ±1.96·sqrt(p(1−p)/n) = ±0.209 for p = 0.65, n = 20.
        Assert.InRange(interval.High - interval.Low, 0.30, 0.50);
        Assert.Equal(20, interval.N);
    }

    [Fact]
    public void Constant_scores_have_a_zero_width_interval_and_no_scores_have_none()
    {
        Assert.Equal(new Interval(1, 1, 1, 4), new Bootstrap().Mean([1, 1, 1, 1]));
        Assert.Null(new Bootstrap().Mean([]));
    }

    [Fact]
    public void Paired_differences_resample_examples_together()
    {
        double[] a = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        double[] b = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

        var difference = new Bootstrap().PairedDifference(a, b)!.Value;
        var same = new Bootstrap().PairedDifference(a, a)!.Value;

        Assert.Equal(0.9, difference.Estimate, 10);
        Assert.True(difference.ExcludesZero);
        Assert.Equal(new Interval(0, 0, 0, 10), same);
        Assert.False(same.ExcludesZero);
        Assert.Throws<ArgumentException>(() => new Bootstrap().PairedDifference(a, b[..5]));
    }
}
