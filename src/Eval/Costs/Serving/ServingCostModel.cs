namespace LoftCompare.Eval.Costs.Serving;

/// <summary>
/// What serving a model card on a GPU card costs, from first principles (docs/costs.md): prefill is compute-bound
/// (<c>2 · parameters</c> FLOPs per new token plus attention's <c>4 · layers · width</c> FLOPs per (new token, attended
/// token) pair, causal), decode is memory-bound (every output token reads the weights and the KV cache so far, one
/// sequence at a time), and the GPUs needed are those that hold the weights plus the KV cache. GPU-seconds do not depend
/// on how many GPUs share the work (ideal tensor parallelism); wall time does. Peak figures, so a lower bound: real
/// servers reach a fraction of peak FLOP/s. With <paramref name="batch"/> sequences decoding together, each step reads
/// the weights once for all of them and each sequence's own KV cache, and memory must hold every sequence's cache.
/// </summary>
public sealed class ServingCostModel(ModelCard model, GpuCard gpu, double? perHour = null, int batch = 1)
{
    public int Batch { get; } = batch >= 1 ? batch : throw new ArgumentOutOfRangeException(nameof(batch), "a decode batch holds at least one sequence");

    public ModelCard Model => model;

    public GpuCard Gpu => gpu;

    /// <summary>$ per GPU-hour: the override, else the GPU card's assumed price.</summary>
    public double PerHour => perHour ?? gpu.PerHour;

    public long KvCacheBytes(long tokens) => model.KvCacheBytesPerToken * tokens;

    /// <summary>GPUs whose memory holds the weights and the batch's KV caches of <paramref name="contextTokens"/> each (at least one).</summary>
    public int GpusNeeded(long contextTokens)
        => Math.Max(1, (int)Math.Ceiling((model.WeightsBytes + ((double)KvCacheBytes(contextTokens) * Batch)) / gpu.MemoryBytes));

    /// <summary>FLOPs to prefill <paramref name="newTokens"/> after <paramref name="cachedTokens"/> already in the KV cache.</summary>
    public double PrefillFlops(long newTokens, long cachedTokens = 0)
    {
        // New token i (0-based) sits at position cached + i and attends to cached + i + 1 keys: QKᵀ and AV, 2 FLOPs a multiply-add each.
        var attendedPairs = (newTokens * (double)cachedTokens) + (newTokens * (newTokens + 1.0) / 2);
        return (2.0 * model.Parameters * newTokens) + (4.0 * model.Layers * model.AttentionWidth * attendedPairs);
    }

    /// <summary>GPU-seconds of prefill at peak throughput.</summary>
    public double PrefillGpuSeconds(long newTokens, long cachedTokens = 0) => PrefillFlops(newTokens, cachedTokens) / gpu.FlopsPerSecond;

    /// <summary>GPU-seconds for one output token with <paramref name="contextTokens"/> in the KV cache: its share of one weights read, plus its KV cache.</summary>
    public double DecodeGpuSecondsPerToken(long contextTokens) => ((model.WeightsBytes / (double)Batch) + KvCacheBytes(contextTokens)) / gpu.BytesPerSecond;

    /// <summary>GPU-seconds to decode <paramref name="outputTokens"/> after a prompt of <paramref name="promptTokens"/> (the cache grows by one each step).</summary>
    public double DecodeGpuSeconds(long promptTokens, long outputTokens)
    {
        var contextSum = (outputTokens * (double)promptTokens) + (outputTokens * (outputTokens - 1.0) / 2);
        return ((outputTokens * (double)model.WeightsBytes / Batch) + (model.KvCacheBytesPerToken * contextSum)) / gpu.BytesPerSecond;
    }

    /// <summary>One request: a prompt of which <paramref name="cachedTokens"/> come from the prefix cache, and its output.</summary>
    public ServingEstimate Estimate(long promptTokens, long outputTokens, long cachedTokens = 0)
    {
        if (cachedTokens > promptTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(cachedTokens), $"{cachedTokens} cached tokens exceed the {promptTokens}-token prompt");
        }

        var gpus = GpusNeeded(promptTokens + outputTokens);
        var prefill = PrefillGpuSeconds(promptTokens - cachedTokens, cachedTokens);
        var decode = DecodeGpuSeconds(promptTokens, outputTokens);
        return new ServingEstimate(gpus, prefill, decode, (prefill + decode) * PerHour / 3600);
    }

    /// <summary>$ for GPU-seconds at this model's hourly price.</summary>
    public double Usd(double gpuSeconds) => gpuSeconds * PerHour / 3600;
}
