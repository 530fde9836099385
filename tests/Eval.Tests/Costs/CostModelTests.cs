using LoftCompare.Eval.Costs;

namespace LoftCompare.Eval.Tests.Costs;

public sealed class CostModelTests
{
    private static readonly CostModel Model = CostModel.FromPrices(new Dictionary<string, ModelPrice>
    {
        ["hosted"] = new() { InputPerMillion = 2.5, CachedInputPerMillion = 1.25, OutputPerMillion = 10 },
        ["self-hosted"] = new() { PerHour = 3.6 },
        [CostModel.RetrievalKey] = new() { PerHour = 0.36 },
    });

    [Fact]
    public void Hosted_models_are_charged_per_token_with_cached_input_at_its_own_price()
    {
        // 30,000 input of which 20,000 cached, 100 output: 10,000·2.5e-6 + 20,000·1.25e-6 + 100·1e-5 = 0.025 + 0.025 + 0.001.
        var cost = Model.QueryCost("hosted", new QueryUsage(30_000, 20_000, 100, ModelMs: 900, RetrievalMs: 0), 0);

        Assert.Equal(0.051, cost!.Value, 10);
    }

    [Fact]
    public void Self_hosted_models_are_charged_by_measured_time_and_retrieval_by_its_hardware_time()
    {
        // 1,000 ms at $3.6/h = $0.001; 100 ms of retrieval at $0.36/h = $0.00001; plus a $0.0002 share of indexing.
        var cost = Model.QueryCost("self-hosted", new QueryUsage(5_000, 0, 10, ModelMs: 1_000, RetrievalMs: 100), amortizedIndexingUsd: 0.0002);

        Assert.Equal(0.00121, cost!.Value, 10);
        Assert.Equal(0.0001, Model.IndexingCost(indexingMs: 1_000), 10);
    }

    [Fact]
    public void Unpriced_models_cost_null_not_zero()
    {
        Assert.Null(Model.QueryCost("unknown", new QueryUsage(1, 0, 1, 1, 1), 0));
        Assert.Null(CostModel.Free.QueryCost(null, new QueryUsage(0, 0, 0, 0, 5), 0));
        Assert.Equal(0.0000005, Model.QueryCost(null, new QueryUsage(0, 0, 0, 0, 5), 0)!.Value, 12); // retrieval only
    }
}
