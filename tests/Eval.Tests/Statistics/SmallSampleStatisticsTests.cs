using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Tests.Statistics;

public sealed class SmallSampleStatisticsTests
{
    [Fact]
    public void Wilson_never_claims_certainty_at_finite_n()
    {
        // 40 of 40: [0.9124, 1] (Wilson 1927; the textbook 95% value), not [1, 1].
        var all = Wilson.Of(40, 40);
        Assert.Equal((1.0, 0.9124, 1.0), (all.Estimate, Math.Round(all.Low, 4), all.High));

        // 24 of 40 = 0.6: centre (0.6 + 1.9208/80) / (1 + 3.8415/40) = 0.5912, half-width 0.1453 → [0.4460, 0.7365].
        var some = Wilson.Of(24, 40);
        Assert.Equal(0.4460, some.Low, 4);
        Assert.Equal(0.7365, some.High, 4);
        Assert.Equal(0.0, Wilson.Of(0, 20).Low);
        Assert.True(Wilson.Of(0, 20).High > 0.16);
    }

    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(5, 5, 1.0)]
    [InlineData(16, 0, 3.0517578125e-05)] // 2 · 0.5^16
    [InlineData(0, 10, 0.001953125)]      // 2 · 0.5^10
    [InlineData(9, 1, 0.021484375)]       // 2 · (1 + 10) / 1024
    [InlineData(12, 4, 0.076812744140625)] // 2 · (1 + 16 + 120 + 560 + 1820) / 65536
    public void McNemar_exact_p_matches_the_binomial_tail(int onlyA, int onlyB, double p)
        => Assert.Equal(p, McNemar.ExactP(onlyA, onlyB), 12);

    [Fact]
    public void McNemar_is_stable_for_large_tables()
    {
        var p = McNemar.ExactP(5_000, 5_100);
        Assert.InRange(p, 0.3, 0.4);
    }

    [Fact]
    public void The_two_by_two_table_counts_pairs_and_gives_the_oracle_ceiling()
    {
        var agreement = Agreement.Of([1, 1, 0, 0, 1, 0], [1, 0, 1, 0, 0, 0]);
        Assert.Equal(new Agreement(1, 2, 1, 2), agreement);
        Assert.Equal(4.0 / 6, agreement.OracleScore, 12);
    }
}
