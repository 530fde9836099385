namespace LoftCompare.Eval.Results;

/// <summary>A row of <c>run_pipelines</c>: how long a pipeline spent preparing a task (indexing), and whether it failed.</summary>
public sealed record RunPipelineRecord
{
    public required string RunId { get; init; }
    public required string TaskName { get; init; }
    public required string Pipeline { get; init; }
    public required string ModelId { get; init; }
    public required double PrepareMs { get; init; }
    public string? PrepareError { get; init; }
}
