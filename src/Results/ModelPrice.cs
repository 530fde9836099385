namespace LoftCompare.Results;

/// <summary>
/// What a model costs, as declared in a suite's <c>prices</c>: per million tokens (a hosted API, or a named reference
/// price), or a serving-cost card (a self-hosted model on a GPU, priced from the work by the serving-cost model).
/// Never by measured time: a report's $ must not move with machine load or cache warmth.
/// </summary>
public sealed record ModelPrice
{
    /// <summary>$ per million input tokens.</summary>
    public double InputPerMillion { get; init; }

    /// <summary>$ per million cached input tokens (prefix-cache hits); defaults to the input price.</summary>
    public double? CachedInputPerMillion { get; init; }

    /// <summary>$ per million output tokens.</summary>
    public double OutputPerMillion { get; init; }

    /// <summary>Price the model as this card on this GPU (its one-sequence GPU-seconds at the hourly price).</summary>
    public ServingPrice? Serving { get; init; }

    /// <summary>
    /// The server keeps a prefix cache (vLLM automatic prefix caching, a hosted API's cached input): when it does not
    /// report cached tokens itself, the prompt prefix shared across a task's queries is modelled as cached, and filling
    /// it once is a setup cost.
    /// </summary>
    public bool PrefixCache { get; init; }

    /// <summary>For the <c>retrieval</c> entry: $ per million tokens embedded (the corpus once as setup, each query per query).</summary>
    public double EmbeddingPerMillion { get; init; }

    /// <summary>What the price stands for, in the report (e.g. "Llama-3.1-8B on one H100 (assumed)").</summary>
    public string? PricedAs { get; init; }

    /// <summary>Refused in new suites (measured time is not a function of the work); kept so runs recorded with it still read.</summary>
    public double PerHour { get; init; }

    /// <summary>Refused with <see cref="PerHour"/>; kept for recorded runs.</summary>
    public string? Hardware { get; init; }
}

/// <summary>A serving-cost price: a model card on a GPU card at an hourly price (default: the GPU card's assumed price).</summary>
public sealed record ServingPrice
{
    public required string Card { get; init; }
    public required string Gpu { get; init; }
    public double? PerHour { get; init; }

    /// <summary>Sequences decoding together (each step reads the weights once for all of them); 1 by default.</summary>
    public int Batch { get; init; } = 1;
}
