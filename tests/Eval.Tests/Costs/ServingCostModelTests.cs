using LoftCompare.Eval.Costs.Serving;

namespace LoftCompare.Eval.Tests.Costs;

/// <summary>The serving-cost arithmetic against values computed by hand from the shipped cards (docs/costs.md).</summary>
public sealed class ServingCostModelTests
{
    private static readonly CardCatalog Cards = CardCatalog.Load();

    private static ServingCostModel Llama8BOnH100() => new(Cards.Model("llama-3.1-8b"), Cards.Gpu("h100"));

    [Theory]
    // 2 (K and V) · layers · KV heads · head dim · 2 bytes
    [InlineData("llama-2-7b", 2 * 32 * 32 * 128 * 2)]      // 524,288 B: multi-head attention, no GQA
    [InlineData("llama-3.1-8b", 2 * 32 * 8 * 128 * 2)]     // 131,072 B
    [InlineData("llama-3.1-70b", 2 * 80 * 8 * 128 * 2)]    // 327,680 B
    [InlineData("qwen2.5-7b-instruct-1m", 2 * 28 * 4 * 128 * 2)] // 57,344 B
    [InlineData("mistral-7b-v0.2", 2 * 32 * 8 * 128 * 2)]  // 131,072 B
    public void KvCacheBytesPerTokenFollowsTheCard(string model, long expected)
        => Assert.Equal(expected, Cards.Model(model).KvCacheBytesPerToken);

    [Fact]
    public void EveryShippedModelAndGpuCardLoads()
    {
        Assert.Equal(["llama-2-7b", "llama-3.1-70b", "llama-3.1-8b", "mistral-7b-v0.2", "qwen2.5-7b-instruct-1m"], Cards.Models.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["a100", "h100", "h200", "l40s"], Cards.Gpus.Select(g => g.Name).Order(StringComparer.Ordinal));
        foreach (var model in Cards.Models)
        {
            foreach (var gpu in Cards.Gpus)
            {
                var estimate = new ServingCostModel(model, gpu).Estimate(8192, 100);
                Assert.True(estimate.Usd > 0 && estimate.Gpus >= 1, $"{model.Name} on {gpu.Name}");
            }
        }
    }

    [Fact]
    public void KvCacheAndGpusAt128kAnd1MTokens()
    {
        var serving = Llama8BOnH100();
        Assert.Equal(16_060_522_496, serving.Model.WeightsBytes); // 8,030,261,248 parameters · 2 bytes
        Assert.Equal(17_179_869_184, serving.KvCacheBytes(131_072)); // 131,072 · 131,072 B = 16 GiB
        Assert.Equal(1, serving.GpusNeeded(131_072)); // 33.2 GB < 80 GB
        Assert.Equal(131_072_000_000, serving.KvCacheBytes(1_000_000)); // 0.13 TB
        Assert.Equal(2, serving.GpusNeeded(1_000_000)); // 147.1 GB / 80 GB = 1.84
        // The seed's "1M context ≈ 1 TB": a model without grouped-query attention, Llama-2-7B, needs 0.52 TB of KV cache.
        Assert.Equal(524_288_000_000, Cards.Model("llama-2-7b").KvCacheBytesPerToken * 1_000_000L);
    }

    [Fact]
    public void PrefillCountsParametersAndCausalAttention()
    {
        var serving = Llama8BOnH100();
        // 10 new tokens: 2 · 8,030,261,248 · 10 = 160,605,224,960 plus 4 · 32 layers · 4,096 width · (1 + … + 10 = 55) = 28,835,840
        Assert.Equal(160_634_060_800, serving.PrefillFlops(10));
        // after 100 cached tokens each new one also attends to them: 10 · 100 + 55 = 1,055 pairs → 553,123,840
        Assert.Equal(161_158_348_800, serving.PrefillFlops(10, 100));
        Assert.Equal(160_634_060_800 / 989e12, serving.PrefillGpuSeconds(10), 15);
    }

    [Fact]
    public void APrefixFilledOnceThenReusedCostsTheSameAsOneUncachedPrefill()
    {
        var serving = Llama8BOnH100();
        Assert.Equal(serving.PrefillFlops(32_050), serving.PrefillFlops(32_000) + serving.PrefillFlops(50, 32_000), 0);
        var uncached = serving.Estimate(32_050, 30);
        var cached = serving.Estimate(32_050, 30, cachedTokens: 32_000);
        Assert.Equal(uncached.Usd, serving.Usd(serving.PrefillGpuSeconds(32_000)) + cached.Usd, 12);
        Assert.True(cached.Usd < uncached.Usd / 3);
    }

    [Fact]
    public void DecodeReadsWeightsAndTheGrowingKvCacheEveryToken()
    {
        var serving = Llama8BOnH100();
        // 3 output tokens after a 100-token prompt: caches of 100, 101, 102 tokens → 303 token-reads of 131,072 B
        var bytes = (3 * 16_060_522_496.0) + (131_072.0 * 303);
        Assert.Equal(bytes / 3.35e12, serving.DecodeGpuSeconds(100, 3), 15);
        Assert.Equal((16_060_522_496.0 + (131_072.0 * 131_072)) / 3.35e12, serving.DecodeGpuSecondsPerToken(131_072), 15);
    }

    [Fact]
    public void DollarsAreGpuSecondsAtTheHourlyPrice()
    {
        var serving = new ServingCostModel(Cards.Model("llama-3.1-8b"), Cards.Gpu("h100"), perHour: 3.6);
        var estimate = serving.Estimate(1000, 10);
        Assert.Equal(estimate.GpuSeconds * 3.6 / 3600, estimate.Usd, 15);
        Assert.Equal(2.5, Llama8BOnH100().PerHour); // the card's assumed price without an override
    }

    [Fact]
    public void A_decode_batch_shares_each_weights_read_and_needs_memory_for_every_sequences_cache()
    {
        var batched = new ServingCostModel(Cards.Model("llama-3.1-8b"), Cards.Gpu("h100"), batch: 16);
        // 3 tokens after a 100-token prompt: a sixteenth of three weights reads, plus the sequence's own 303 token-reads of KV.
        Assert.Equal(((3 * 16_060_522_496.0 / 16) + (131_072.0 * 303)) / 3.35e12, batched.DecodeGpuSeconds(100, 3), 15);
        // 32k context: 16 caches of 4.29 GB plus 16.06 GB of weights = 84.8 GB > 80 GB.
        Assert.Equal(2, batched.GpusNeeded(32_768));
        Assert.Equal(1, Llama8BOnH100().GpusNeeded(32_768));
        Assert.Equal(Llama8BOnH100().PrefillFlops(1000), batched.PrefillFlops(1000)); // prefill is compute-bound either way
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServingCostModel(Cards.Model("llama-3.1-8b"), Cards.Gpu("h100"), batch: 0));
    }

    [Fact]
    public void AUserCardInAnotherFolderIsReadWithoutCode()
    {
        var folder = Directory.CreateTempSubdirectory("cards-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "models"));
            File.WriteAllText(Path.Combine(folder.FullName, "models", "tiny.json"), """{ "name": "tiny", "layers": 2, "hiddenSize": 64, "attentionHeads": 4, "kvHeads": 2, "headDim": 16, "parameters": 1000000, "dtype": "float32", "maxContext": 2048 }""");
            var catalog = CardCatalog.Load(folder.FullName);
            Assert.Equal(2L * 2 * 2 * 16 * 4, catalog.Model("tiny").KvCacheBytesPerToken);
            File.WriteAllText(Path.Combine(folder.FullName, "models", "bad.json"), """{ "name": "bad", "layers": 2, "hiddenSize": 64, "attentionHeads": 4, "kvHeads": 3, "headDim": 16, "parameters": 1, "maxContext": 1 }""");
            var error = Assert.Throws<CardException>(() => CardCatalog.Load(folder.FullName));
            Assert.Contains("bad.json", error.Message);
            Assert.Contains("kvHeads", error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
