
namespace LoftCompare.Results;

/// <summary>A row of <c>runs</c>: what was run, by which build, when, and how it ended.</summary>
public sealed record RunRecord
{
    public required string RunId { get; init; }
    public required string SuiteName { get; init; }
    public required string SuitePath { get; init; }
    /// <summary>The suite file's text as run (a document, kept verbatim so the run can be reproduced or resumed).</summary>
    public required string SuiteJson { get; init; }
    public required string AppVersion { get; init; }
    public required string Host { get; init; }
    public required string Tokenizer { get; init; }
    /// <summary>Model id → what it is (e.g. that the extractive reader is not an LLM).</summary>
    public required IReadOnlyDictionary<string, string> Models { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public required RunStatus Status { get; init; }
    public string? Error { get; init; }
    /// <summary>The suite's price list (model id → price), or null when the suite set none.</summary>
    public IReadOnlyDictionary<string, ModelPrice>? Prices { get; init; }
    /// <summary>Seed of the bootstrap behind every interval of this run.</summary>
    public long? BootstrapSeed { get; init; }
    /// <summary>Last sign of life from the process running it; a running run whose heartbeat stops is swept to failed.</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }
    /// <summary>Examples the run set out to record (tasks × pipelines × queries).</summary>
    public long? ExamplesPlanned { get; init; }
    public long? ExamplesFailed { get; init; }
    public long? ExamplesDeclined { get; init; }
}
