namespace LoftCompare.Eval.Costs.Serving;

/// <summary>An accelerator's datasheet figures and an assumed rental price.</summary>
public sealed record GpuCard
{
    public required string Name { get; init; }
    public string? DisplayName { get; init; }
    public string? Source { get; init; }
    /// <summary>Dense BF16 tensor throughput in TFLOP/s (not the sparsity figure).</summary>
    public required double DenseBf16Tflops { get; init; }
    /// <summary>Memory bandwidth in TB/s.</summary>
    public required double BandwidthTBps { get; init; }
    public required double MemoryGB { get; init; }
    /// <summary>Assumed $ per GPU-hour (override per suite or with <c>--per-hour</c>).</summary>
    public double PerHour { get; init; }

    public double FlopsPerSecond => DenseBf16Tflops * 1e12;

    public double BytesPerSecond => BandwidthTBps * 1e12;

    public double MemoryBytes => MemoryGB * 1e9;

    public string Label => DisplayName ?? Name;
}
