using LoftCompare.Eval.Costs;
using LoftCompare.Eval.Costs.Serving;
using LoftCompare.Results;
using LoftCompare.Pipelines.Running;

namespace LoftCompare.Eval.Tests.Costs;

public sealed class CostModelTests
{
    private static readonly CostModel Model = CostModel.FromPrices(new Dictionary<string, ModelPrice>
    {
        ["hosted"] = new() { InputPerMillion = 2.5, CachedInputPerMillion = 1.25, OutputPerMillion = 10 },
        ["hosted-cache"] = new() { InputPerMillion = 2.5, CachedInputPerMillion = 0.25, OutputPerMillion = 10, PrefixCache = true },
        ["served"] = new() { Serving = new ServingPrice { Card = "llama-3.1-8b", Gpu = "h100", PerHour = 3.6 }, PrefixCache = true },
        [CostModel.RetrievalKey] = new() { EmbeddingPerMillion = 0.02 },
    });

    [Fact]
    public void Hosted_models_are_charged_per_token_and_a_servers_reported_cache_hits_are_never_priced()
    {
        // 30,000 input (the server says 20,000 were cached), 100 output, no declared prefix cache: all input is new.
        var priced = Model.PriceCall("hosted", new ModelWork(30_000, 100, ReportedCachedTokens: 20_000))!;

        Assert.Equal((30_000 * 2.5e-6) + (100 * 1e-5), priced.Usd, 10);
        Assert.Equal((0L, CacheBasis.None), (priced.CachedTokens, priced.Basis));
        Assert.Null(priced.GpuSeconds);
    }

    [Fact]
    public void A_cold_or_warm_servers_report_does_not_change_a_price_and_the_first_query_does_not_pay_the_fill_setup_priced()
    {
        // The server reports 0 cached on its first (cold) query and 29,000 on a warm one; the setup prices the fill once.
        var cold = Model.PriceCall("hosted-cache", new ModelWork(30_000, 100, ReportedCachedTokens: 0, PrefixTokens: 29_000))!;
        var warm = Model.PriceCall("hosted-cache", new ModelWork(30_000, 100, ReportedCachedTokens: 29_000, PrefixTokens: 29_000))!;
        var unreported = Model.PriceCall("hosted-cache", new ModelWork(30_000, 100, PrefixTokens: 29_000))!;

        Assert.Equal(warm.Usd, cold.Usd, 12);
        Assert.Equal(unreported.Usd, cold.Usd, 12);
        Assert.Equal((29_000L, CacheBasis.Modelled), (cold.CachedTokens, cold.Basis));
        Assert.Equal((1_000 * 2.5e-6) + (29_000 * 0.25e-6) + (100 * 1e-5), cold.Usd, 10);
    }

    [Fact]
    public void Without_a_declared_prefix_cache_the_shared_prefix_is_priced_as_new_input()
    {
        var priced = Model.PriceCall("hosted", new ModelWork(30_000, 100, PrefixTokens: 29_000))!;

        Assert.Equal((30_000 * 2.5e-6) + (100 * 1e-5), priced.Usd, 10);
        Assert.Equal(CacheBasis.None, priced.Basis);
    }

    [Fact]
    public void A_declared_prefix_cache_prices_the_shared_prefix_cached_per_query_and_its_first_fill_as_setup()
    {
        var priced = Model.PriceCall("hosted-cache", new ModelWork(30_000, 100, PrefixTokens: 29_000))!;
        var (setup, note) = Model.SetupCost(new SetupWork(0, "hosted-cache", 29_000));

        Assert.Equal((1_000 * 2.5e-6) + (29_000 * 0.25e-6) + (100 * 1e-5), priced.Usd, 10);
        Assert.Equal(CacheBasis.Modelled, priced.Basis);
        Assert.Equal(29_000, priced.CachedTokens);
        Assert.Equal(29_000 * (2.5e-6 - 0.25e-6), setup!.Value, 10);
        Assert.Contains("29,000-token corpus prefix", note);

        // Setup plus N cached queries is what N queries cost when the first pays in full and the rest hit the cache.
        var uncached = Model.PriceCall("hosted", new ModelWork(30_000, 100))!.Usd; // same input and output price
        Assert.Equal(uncached + (9 * priced.Usd), setup.Value + (10 * priced.Usd), 10);
    }

    [Fact]
    public void A_serving_price_charges_modelled_gpu_seconds_and_never_measured_time()
    {
        var serving = new ServingCostModel(CardCatalog.Load().Model("llama-3.1-8b"), CardCatalog.Load().Gpu("h100"), 3.6);
        var priced = Model.PriceCall("served", new ModelWork(32_050, 30, PrefixTokens: 32_000))!;

        var expected = serving.Estimate(32_050, 30, cachedTokens: 32_000);
        Assert.Equal(expected.GpuSeconds, priced.GpuSeconds!.Value, 12);
        Assert.Equal(expected.GpuSeconds * 3.6 / 3600, priced.Usd, 12);
        Assert.Equal(serving.Usd(serving.PrefillGpuSeconds(32_000)), Model.SetupCost(new SetupWork(0, "served", 32_000)).Usd!.Value, 12);
    }

    [Fact]
    public void Embedding_is_priced_per_token_the_corpus_as_setup_and_each_query_per_query()
    {
        Assert.Equal(15 * 0.02e-6, Model.EmbeddingCost(15)!.Value, 15);
        var (setup, note) = Model.SetupCost(new SetupWork(32_000));
        Assert.Equal(32_000 * 0.02e-6, setup!.Value, 15);
        Assert.Contains("embedding 32,000 corpus tokens", note);
    }

    [Fact]
    public void Unpriced_models_cost_null_not_zero()
    {
        Assert.Null(Model.PriceCall("unknown", new ModelWork(1, 1)));
        Assert.Null(CostModel.Free.EmbeddingCost(5));
        Assert.Null(CostModel.Free.SetupCost(new SetupWork(100)).Usd);
        Assert.Null(CostModel.Free.SetupCost(new SetupWork(0, "some-llm", 30_000)).Usd); // an unpriced long-context model's setup is n/a, not $0
    }

    [Fact]
    public void An_unknown_serving_card_is_refused_when_the_model_is_built()
    {
        var error = Assert.Throws<LoftCompare.Eval.Costs.Serving.CardException>(() => CostModel.FromPrices(new Dictionary<string, ModelPrice> { ["x"] = new() { Serving = new ServingPrice { Card = "gpt-9", Gpu = "h100" } } }));
        Assert.Contains("no model card 'gpt-9'", error.Message);
    }
}
