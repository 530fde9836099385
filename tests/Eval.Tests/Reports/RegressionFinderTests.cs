using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Eval.Statistics;
using LoftCompare.Eval.Tests.Results;

namespace LoftCompare.Eval.Tests.Reports;

public sealed class RegressionFinderTests
{
    private static readonly RunTaskRecord Task = new() { RunId = "r", TaskName = "t", TaskKind = "rag", DatasetName = "d", Adapter = "loft", Source = "/d", Split = "test", ContentHash = new string('a', 64), Documents = 3, Queries = 30 };

    private static ResultRecord[] Run(Func<int, double> score, double cost = 0.001, double ms = 10, Func<int, string?>? error = null)
        => Enumerable.Range(0, 30).Select(i => TestRecords.Result($"q{i:D2}", score(i), error?.Invoke(i)) with
        {
            CostUsd = error?.Invoke(i) is null ? cost : null,
            TotalMs = error?.Invoke(i) is null ? ms : null,
            Outcome = error?.Invoke(i) is null ? ExampleOutcome.Succeeded : ExampleOutcome.Failed,
        }).ToArray();

    private static IReadOnlyList<Regression> Find(ResultRecord[] older, ResultRecord[] newer) => new RegressionFinder(new Bootstrap()).Find(older, [Task], newer, [Task]);

    [Fact]
    public void The_same_work_twice_is_no_regression_and_small_latency_noise_is_not_a_jump()
    {
        Assert.Empty(Find(Run(i => i % 2), Run(i => i % 2)));
        Assert.Empty(Find(Run(i => i % 2, ms: 10), Run(i => i % 2, ms: 40))); // 4× but only 30 ms slower
        Assert.Empty(Find(Run(i => i % 2, cost: 0.001), Run(i => i % 2, cost: 0.00109))); // +9%
    }

    [Fact]
    public void A_significant_drop_a_cost_rise_a_latency_jump_and_new_failures_are_each_found()
    {
        var older = Run(_ => 1, cost: 0.001, ms: 100);
        var newer = Run(i => i < 10 ? 1 : 0, cost: 0.0012, ms: 400, error: i => i >= 27 ? "HttpRequestException: refused" : null);

        var found = Find(older, newer);

        Assert.Equal([RegressionKind.Quality, RegressionKind.Cost, RegressionKind.Latency, RegressionKind.NewFailures], found.Select(r => r.Kind));
        Assert.StartsWith("em 1.000 → 0.333", found[0].Detail);
        Assert.Equal("$ per 1k queries 1.0000 → 1.2000 (+20%)", found[1].Detail);
        Assert.Equal("p50 latency 100 ms → 400 ms (4.0×)", found[2].Detail);
        Assert.StartsWith("3 example(s) that succeeded before failed, e.g. q27: HttpRequestException: refused", found[3].Detail);
    }
}
