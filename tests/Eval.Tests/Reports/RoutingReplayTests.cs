using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Eval.Tests.Results;

namespace LoftCompare.Eval.Tests.Reports;

public sealed class RoutingReplayTests
{
    private static ResultRecord Row(string pipeline, string query, double score, double cost, double? confidence = null, string? route = null)
        => TestRecords.Result(query, score) with { Pipeline = pipeline, CostUsd = cost, Confidence = confidence, Route = route };

    [Fact]
    public void Rules_are_replayed_from_recorded_rows_with_a_routed_query_paying_for_both()
    {
        // RAG gets q1, q2 right (confident) and misses q3, q4 (unsure); long context gets q1, q3, q4.
        ResultRecord[] rows =
        [
            Row("rag", "q1", 1, 0.001, 0.9), Row("rag", "q2", 1, 0.001, 0.8), Row("rag", "q3", 0, 0.001, 0.2), Row("rag", "q4", 0, 0.001, 0.1),
            Row("long-context", "q1", 1, 0.010), Row("long-context", "q2", 0, 0.010), Row("long-context", "q3", 1, 0.010), Row("long-context", "q4", 1, 0.010),
            Row("self-route", "q1", 1, 0.001, route: "rag"), Row("self-route", "q2", 1, 0.001, route: "rag"), Row("self-route", "q3", 1, 0.011, route: "long-context"), Row("self-route", "q4", 0, 0.001, route: "rag"),
        ];

        var (task, metric, rules) = Assert.Single(RoutingReplay.Compute(rows, new Dictionary<string, string> { ["t"] = "em" }));
        Assert.Equal(("t", "em"), (task, metric));
        var rag = rules.Single(r => r.Rule == "always rag");
        Assert.Equal((0, 0.5, 0.001), (rag.ToLongContext, rag.Quality, rag.CostPerQuery!.Value));
        var longContext = rules.Single(r => r.Rule == "always long-context");
        Assert.Equal((4, 0.75), (longContext.ToLongContext, longContext.Quality));
        var selfRoute = rules.Single(r => r.Rule.StartsWith("Self-Route", StringComparison.Ordinal));
        Assert.Equal((1, 0.75), (selfRoute.ToLongContext, selfRoute.Quality));
        // Below the median confidence (0.5): q3 and q4 go to long context, both right, each paying 0.001 + 0.010.
        var median = rules.Single(r => r.Rule.Contains("50th", StringComparison.Ordinal));
        Assert.Equal((2, 1.0), (median.ToLongContext, median.Quality));
        Assert.Equal(((2 * 0.001) + (2 * 0.011)) / 4, median.CostPerQuery!.Value, 12);
        var oracle = rules.Single(r => r.Rule.StartsWith("oracle", StringComparison.Ordinal));
        Assert.Equal((2, 1.0), (oracle.ToLongContext, oracle.Quality));
    }

    [Fact]
    public void Without_confidences_there_are_no_threshold_rules_and_declined_rows_are_left_out()
    {
        ResultRecord[] rows = [Row("rag", "q1", 1, 0.001), Row("long-context", "q1", 0, 0.01), Row("long-context", "q2", 0, 0.01) with { Outcome = ExampleOutcome.Declined }];

        var rules = Assert.Single(RoutingReplay.Compute(rows, new Dictionary<string, string> { ["t"] = "em" })).Rules;

        Assert.DoesNotContain(rules, r => r.Rule.Contains("confidence", StringComparison.Ordinal));
        Assert.All(rules, r => Assert.Equal(1, r.Queries));
    }
}
