using LoftCompare.Results;

namespace LoftCompare.Eval.Costs;

/// <summary>A model call's price and what it assumed.</summary>
/// <param name="Usd">$ for the call.</param>
/// <param name="GpuSeconds">Modelled GPU-seconds under a serving-cost price; null for per-token prices.</param>
/// <param name="CachedTokens">Prompt tokens priced as cached.</param>
/// <param name="Basis">Where <paramref name="CachedTokens"/> came from.</param>
public sealed record PricedWork(double Usd, double? GpuSeconds, long CachedTokens, CacheBasis Basis)
{
    public PricedWork Plus(PricedWork other)
        => new(Usd + other.Usd, GpuSeconds is null && other.GpuSeconds is null ? null : (GpuSeconds ?? 0) + (other.GpuSeconds ?? 0), CachedTokens + other.CachedTokens, Basis == CacheBasis.None ? other.Basis : Basis);
}
