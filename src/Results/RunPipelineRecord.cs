namespace LoftCompare.Results;

/// <summary>A row of <c>run_pipelines</c>: how long a pipeline spent preparing a task (indexing), whether it failed, and its one-off setup cost.</summary>
public sealed record RunPipelineRecord
{
    public required string RunId { get; init; }
    public required string TaskName { get; init; }
    public required string Pipeline { get; init; }
    public required string ModelId { get; init; }
    public required double PrepareMs { get; init; }
    public string? PrepareError { get; init; }
    /// <summary>One-off $ for this (task, pipeline): embedding the corpus, filling a prefix cache; null when unpriced.</summary>
    public double? SetupUsd { get; init; }
    /// <summary>What the setup cost is made of, in words.</summary>
    public string? SetupNote { get; init; }
}
