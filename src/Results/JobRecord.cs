namespace LoftCompare.Results;

/// <summary>A row of <c>jobs</c>: a queued or running comparison, its lease, and the run it produced.</summary>
public sealed record JobRecord
{
    public required long JobId { get; init; }
    public required string SuitePath { get; init; }
    /// <summary>The schedule slot (ISO 8601 UTC) that enqueued it, or null for a manual enqueue.</summary>
    public string? ScheduleSlot { get; init; }
    public required JobStatus Status { get; init; }
    public required DateTimeOffset EnqueuedAt { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    public string? RunId { get; init; }
    public string? Error { get; init; }
    /// <summary>The suite's identity (its name) that schedule slots are unique on, the same on every host.</summary>
    public string SuiteKey { get; init; } = string.Empty;
    /// <summary>Leases taken so far (each lease is an attempt, including one whose worker died).</summary>
    public long Attempts { get; init; }
    /// <summary>A job that failed is not leased again before this time (backoff).</summary>
    public DateTimeOffset? NotBefore { get; init; }
}
