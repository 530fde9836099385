namespace LoftCompare.Results;

/// <summary>A row of <c>run_tasks</c>: one task set a run used, identified by its content hash.</summary>
public sealed record RunTaskRecord
{
    public required string RunId { get; init; }
    public required string TaskName { get; init; }
    public required string TaskKind { get; init; }
    public required string DatasetName { get; init; }
    public required string Adapter { get; init; }
    public required string Source { get; init; }
    public required string Split { get; init; }
    public required string ContentHash { get; init; }
    public required long Documents { get; init; }
    public required long Queries { get; init; }
}
