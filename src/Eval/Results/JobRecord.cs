namespace LoftCompare.Eval.Results;

/// <summary>A row of <c>jobs</c>: a queued or running comparison, its lease, and the run it produced.</summary>
public sealed record JobRecord
{
    public required long JobId { get; init; }
    public required string SuitePath { get; init; }
    /// <summary>The schedule slot (ISO 8601 UTC) that enqueued it, or null for a manual enqueue.</summary>
    public string? ScheduleSlot { get; init; }
    public required string Status { get; init; }
    public required string EnqueuedAt { get; init; }
    public string? LeaseOwner { get; init; }
    public string? LeaseExpiresAt { get; init; }
    public string? RunId { get; init; }
    public string? Error { get; init; }
}
