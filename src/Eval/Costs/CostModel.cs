namespace LoftCompare.Eval.Costs;

/// <summary>
/// Prices a query: the answering model's tokens or time, the retriever's time (query embedding and search) at the
/// retrieval hardware's hourly price, and a share of the one-off indexing cost spread over the queries that used the
/// index in this run.
/// </summary>
public sealed class CostModel(IReadOnlyDictionary<string, ModelPrice> pricesByModel, ModelPrice? retrievalPrice = null)
{
    /// <summary>The suite's <c>prices</c> key for the retrieval side (encoder, index and search).</summary>
    public const string RetrievalKey = "retrieval";

    private const double MsPerHour = 3_600_000;

    public static CostModel Free { get; } = new(new Dictionary<string, ModelPrice>());

    /// <summary>Builds the model from a suite's <c>prices</c> map, where the <c>retrieval</c> entry prices the retriever.</summary>
    public static CostModel FromPrices(IReadOnlyDictionary<string, ModelPrice>? prices)
        => prices is null ? Free : new(prices.Where(p => p.Key != RetrievalKey).ToDictionary(), prices.GetValueOrDefault(RetrievalKey));

    /// <summary>
    /// $ for one query; null when no price covers what answered it (a model without a price, or a retrieval-only
    /// answer without a retrieval price), so reports say "n/a" rather than a fake zero.
    /// </summary>
    public double? QueryCost(string? modelId, QueryUsage usage, double amortizedIndexingUsd)
    {
        ModelPrice? modelPrice = null;
        if (modelId is not null && !pricesByModel.TryGetValue(modelId, out modelPrice))
        {
            return null;
        }

        if (modelId is null && retrievalPrice is null)
        {
            return null;
        }

        var retrieval = usage.RetrievalMs / MsPerHour * (retrievalPrice?.PerHour ?? 0);
        return (modelPrice is null ? 0 : ModelCost(modelPrice, usage)) + retrieval + amortizedIndexingUsd;
    }

    /// <summary>$ for building an index that took <paramref name="indexingMs"/> on the retrieval hardware.</summary>
    public double IndexingCost(double indexingMs) => indexingMs / MsPerHour * (retrievalPrice?.PerHour ?? 0);

    private static double ModelCost(ModelPrice price, QueryUsage usage)
    {
        var uncached = Math.Max(0, usage.InputTokens - usage.CachedInputTokens);
        return (uncached * price.InputPerMillion / 1e6)
            + (usage.CachedInputTokens * (price.CachedInputPerMillion ?? price.InputPerMillion) / 1e6)
            + (usage.OutputTokens * price.OutputPerMillion / 1e6)
            + (usage.ModelMs / MsPerHour * price.PerHour);
    }
}
