using LoftCompare.Eval.Costs;

namespace LoftCompare.Eval.Tests.Costs;

public sealed class CostLineTests
{
    [Fact]
    public void Break_even_is_where_setup_plus_n_queries_cost_the_same()
    {
        var rag = new CostLine("rag", SetupUsd: 0.50, PerQueryUsd: 0.010);
        var longContext = new CostLine("long-context", SetupUsd: 0.05, PerQueryUsd: 0.013);

        // 0.50 + 0.010·N = 0.05 + 0.013·N at N = 150.
        Assert.Equal(150, CostLine.BreakEven(rag, longContext)!.Value, 9);
        Assert.Same(longContext, CostLine.Cheaper(rag, longContext, 100));
        Assert.Same(rag, CostLine.Cheaper(rag, longContext, 200));
    }

    [Fact]
    public void Lines_that_never_cross_at_one_query_or_more_have_no_break_even()
    {
        var cheap = new CostLine("rag", 0.001, 0.0001);
        var dear = new CostLine("long-context", 0.002, 0.0002);
        Assert.Null(CostLine.BreakEven(cheap, dear));
        Assert.Null(CostLine.BreakEven(cheap, cheap with { Pipeline = "same" }));
        Assert.Same(cheap, CostLine.Cheaper(cheap, dear, 1_000_000));
    }
}
