using LoftCompare.Eval.Reports;
using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Tests.Reports;

public sealed class TradeoffCalculatorTests
{
    private static PipelineSummary Line(string pipeline, double quality, double? costPerQuery)
        => new("t", pipeline, "m", new Dictionary<string, Interval> { ["em"] = new(quality, quality, quality, 10) }, costPerQuery is { } c ? new Interval(c, c, c, 10) : null, null, null, 1, 1, null, 10, 0);

    [Fact]
    public void Marks_lines_that_no_other_line_beats_on_both_quality_and_cost()
    {
        PipelineSummary[] lines = [Line("cheap", 0.5, 0.001), Line("best", 0.9, 0.01), Line("dominated", 0.5, 0.005), Line("tie", 0.9, 0.01), Line("unpriced", 0.95, null)];

        var tradeoffs = TradeoffCalculator.Compute(lines, new Dictionary<string, string> { ["t"] = "em" });

        Assert.Equal(["cheap", "best", "tie"], tradeoffs.Where(t => t.ParetoOptimal).Select(t => t.Pipeline));
        Assert.Equal(1.0, tradeoffs.Single(t => t.Pipeline == "cheap").CostPer1kUsd!.Value, 10);
        Assert.Null(tradeoffs.Single(t => t.Pipeline == "unpriced").CostPer1kUsd);
    }
}
