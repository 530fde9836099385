namespace LoftCompare.Eval.Costs;

/// <summary>
/// What a model costs: per million tokens (hosted APIs) or per hour of measured model time (self-hosted on a GPU or CPU).
/// Both may be given; they add up.
/// </summary>
public sealed record ModelPrice
{
    /// <summary>$ per million input tokens.</summary>
    public double InputPerMillion { get; init; }

    /// <summary>$ per million cached input tokens (prefix-cache hits); defaults to the input price.</summary>
    public double? CachedInputPerMillion { get; init; }

    /// <summary>$ per million output tokens.</summary>
    public double OutputPerMillion { get; init; }

    /// <summary>$ per hour of hardware, charged by the model's measured time (e.g. a GPU-hour for a self-hosted model).</summary>
    public double PerHour { get; init; }

    /// <summary>What the hourly price buys, for reports (e.g. "1× H100", "2 vCPU").</summary>
    public string? Hardware { get; init; }
}
