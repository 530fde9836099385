using System.Globalization;
using LoftCompare.Eval.Costs.Serving;
using LoftCompare.Results;
using LoftCompare.Pipelines.Running;

namespace LoftCompare.Eval.Costs;

/// <summary>
/// Prices the work, never the clock: a model call by its tokens (in, cached, out) at a declared per-token price or by
/// its modelled GPU-seconds under a serving-cost card; retrieval by the tokens it embeds. One-off work — embedding a
/// corpus, filling a prefix cache with the shared corpus prefix — is setup cost, reported apart from per-query cost.
/// The same work always has the same price (docs/costs.md).
/// </summary>
public sealed class CostModel
{
    /// <summary>The suite's <c>prices</c> key for the retrieval side (embedding the corpus and the queries).</summary>
    public const string RetrievalKey = "retrieval";

    private readonly IReadOnlyDictionary<string, ModelPrice> pricesByModel;
    private readonly ModelPrice? retrievalPrice;
    private readonly Dictionary<string, ServingCostModel> serving = new(StringComparer.Ordinal);

    public CostModel(IReadOnlyDictionary<string, ModelPrice> pricesByModel, ModelPrice? retrievalPrice = null, CardCatalog? cards = null)
    {
        this.pricesByModel = pricesByModel;
        this.retrievalPrice = retrievalPrice;
        foreach (var (modelId, price) in pricesByModel)
        {
            if (price.Serving is { } spec)
            {
                cards ??= CardCatalog.Load();
                serving[modelId] = new ServingCostModel(cards.Model(spec.Card), cards.Gpu(spec.Gpu), spec.PerHour, spec.Batch);
            }
        }
    }

    public static CostModel Free { get; } = new(new Dictionary<string, ModelPrice>());

    /// <summary>Builds the model from a suite's <c>prices</c> map, where the <c>retrieval</c> entry prices embedding.</summary>
    public static CostModel FromPrices(IReadOnlyDictionary<string, ModelPrice>? prices, CardCatalog? cards = null)
        => prices is null ? Free : new(prices.Where(p => p.Key != RetrievalKey).ToDictionary(), prices.GetValueOrDefault(RetrievalKey), cards);

    public bool Prices(string modelId) => pricesByModel.ContainsKey(modelId);

    /// <summary>A model call's price; null when the suite prices nothing for <paramref name="modelId"/> (reports say "n/a").</summary>
    public PricedWork? PriceCall(string modelId, ModelWork work)
    {
        if (!pricesByModel.TryGetValue(modelId, out var price))
        {
            return null;
        }

        // Cached tokens are priced from the declared prefix cache alone: the shared prefix on every query, its one fill
        // being setup. What a server reports depends on how warm it happens to be (a cold first query, a cache an
        // earlier run filled), so it is recorded beside the row and never priced: the same work costs the same.
        var cached = price.PrefixCache ? Math.Min(work.PrefixTokens, work.InputTokens) : 0;
        var basis = cached > 0 ? CacheBasis.Modelled : CacheBasis.None;
        if (serving.TryGetValue(modelId, out var model))
        {
            var estimate = model.Estimate(work.InputTokens, work.OutputTokens, cached);
            return new PricedWork(estimate.Usd, estimate.GpuSeconds, cached, basis);
        }

        var usd = ((work.InputTokens - cached) * price.InputPerMillion / 1e6)
            + (cached * (price.CachedInputPerMillion ?? price.InputPerMillion) / 1e6)
            + (work.OutputTokens * price.OutputPerMillion / 1e6);
        return new PricedWork(usd, null, cached, basis);
    }

    /// <summary>$ for embedding <paramref name="tokens"/> on the retrieval side; null without a <c>retrieval</c> price.</summary>
    public double? EmbeddingCost(long tokens) => retrievalPrice is null ? null : tokens * retrievalPrice.EmbeddingPerMillion / 1e6;

    /// <summary>One-off cost of a (task, pipeline) and what it is made of; a null $ when a part of it has no price.</summary>
    public (double? Usd, string Note) SetupCost(SetupWork work)
    {
        var parts = new List<string>();
        double? usd = 0;
        if (work.EmbeddedTokens > 0)
        {
            usd = EmbeddingCost(work.EmbeddedTokens);
            parts.Add(retrievalPrice is null
                ? $"embedding {work.EmbeddedTokens:N0} corpus tokens (no retrieval price)"
                : $"embedding {work.EmbeddedTokens:N0} corpus tokens at ${Money(retrievalPrice.EmbeddingPerMillion)}/1M");
        }

        if (work.PrefixModelId is { } unpriced && !pricesByModel.ContainsKey(unpriced))
        {
            // The model is unpriced: its part of the setup is unknown, so the setup is n/a, not a fake zero.
            return (null, parts.Count == 0 ? $"{unpriced} has no price" : string.Join("; ", parts.Append($"{unpriced} has no price")));
        }

        if (work.PrefixModelId is { } modelId && work.PrefixTokens > 0 && pricesByModel.TryGetValue(modelId, out var price) && price.PrefixCache)
        {
            var fill = serving.TryGetValue(modelId, out var model)
                ? model.Usd(model.PrefillGpuSeconds(work.PrefixTokens))
                : work.PrefixTokens * (price.InputPerMillion - (price.CachedInputPerMillion ?? price.InputPerMillion)) / 1e6;
            usd += fill;
            parts.Add($"filling {modelId}'s prefix cache with the {work.PrefixTokens:N0}-token corpus prefix once");
        }

        return (usd, parts.Count == 0 ? "none" : string.Join("; ", parts));
    }

    /// <summary>How a model is priced, for the report's cost note; null when unpriced.</summary>
    public string? Describe(string modelId)
    {
        if (!pricesByModel.TryGetValue(modelId, out var price))
        {
            return null;
        }

        var cache = price.PrefixCache ? ", with a prefix cache" : string.Empty;
        var what = price.PricedAs is { } pricedAs ? $"priced as {pricedAs}: " : string.Empty;
        return serving.TryGetValue(modelId, out var model)
            ? $"{what}{model.Model.Label} on {model.Gpu.Label} at ${Money(model.PerHour)}/GPU-hour per the serving-cost model, decode batch {model.Batch}{cache}"
            : $"{what}${Money(price.InputPerMillion)} per 1M input tokens{(price.CachedInputPerMillion is { } c ? $" (${Money(c)} cached)" : string.Empty)}, ${Money(price.OutputPerMillion)} per 1M output tokens{cache}";
    }

    /// <summary>How the retrieval side is priced; null when unpriced.</summary>
    public string? DescribeRetrieval()
        => retrievalPrice is null ? null : $"{(retrievalPrice.PricedAs is { } p ? $"priced as {p}: " : string.Empty)}${Money(retrievalPrice.EmbeddingPerMillion)} per 1M tokens embedded";

    private static string Money(double usd) => usd.ToString("0.####", CultureInfo.InvariantCulture);
}
