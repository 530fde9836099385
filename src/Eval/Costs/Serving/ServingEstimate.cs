namespace LoftCompare.Eval.Costs.Serving;

/// <summary>One request's modelled serving work.</summary>
/// <param name="Gpus">GPUs needed to hold weights and KV cache.</param>
/// <param name="PrefillGpuSeconds">Compute-bound prefill, GPU-seconds at peak.</param>
/// <param name="DecodeGpuSeconds">Memory-bound decode, GPU-seconds at peak bandwidth.</param>
/// <param name="Usd">GPU-seconds at the hourly price.</param>
public sealed record ServingEstimate(int Gpus, double PrefillGpuSeconds, double DecodeGpuSeconds, double Usd)
{
    public double GpuSeconds => PrefillGpuSeconds + DecodeGpuSeconds;

    /// <summary>Wall time on <see cref="Gpus"/> GPUs sharing the work (ideal tensor parallelism).</summary>
    public double WallSeconds => GpuSeconds / Gpus;
}
