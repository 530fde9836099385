namespace LoftCompare.Eval.Costs.Serving;

/// <summary>A transformer's shape from its published config: what the serving-cost model needs to size weights and KV cache.</summary>
public sealed record ModelCard
{
    /// <summary>The name suites and <c>serving-cost --model</c> use (the file's <c>name</c>).</summary>
    public required string Name { get; init; }
    public string? DisplayName { get; init; }
    /// <summary>Where the numbers come from.</summary>
    public string? Source { get; init; }
    public required int Layers { get; init; }
    public required int HiddenSize { get; init; }
    public required int AttentionHeads { get; init; }
    /// <summary>Key/value heads (fewer than attention heads under grouped-query attention).</summary>
    public required int KvHeads { get; init; }
    public required int HeadDim { get; init; }
    public required long Parameters { get; init; }
    /// <summary>Weights and KV-cache element type: <c>bfloat16</c>, <c>float16</c>, <c>float32</c>, <c>fp8</c>, <c>int8</c>.</summary>
    public string Dtype { get; init; } = "bfloat16";
    public required int MaxContext { get; init; }

    public int BytesPerElement => Dtype.ToLowerInvariant() switch
    {
        "bfloat16" or "bf16" or "float16" or "fp16" => 2,
        "float32" or "fp32" => 4,
        "fp8" or "float8" or "int8" => 1,
        _ => throw new CardException($"model card '{Name}': unknown dtype '{Dtype}' (use bfloat16, float16, float32, fp8 or int8)"),
    };

    /// <summary>K and V, for every layer and KV head: <c>2 · layers · kvHeads · headDim · bytes</c>.</summary>
    public long KvCacheBytesPerToken => 2L * Layers * KvHeads * HeadDim * BytesPerElement;

    public long WeightsBytes => Parameters * BytesPerElement;

    /// <summary>Width of the attention (query heads × head dim), which sets attention's FLOPs.</summary>
    public long AttentionWidth => (long)AttentionHeads * HeadDim;

    public string Label => DisplayName ?? Name;
}
