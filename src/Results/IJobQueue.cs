namespace LoftCompare.Results;

/// <summary>
/// The worker's job queue: enqueue (at most one job per suite and schedule slot), lease with heartbeats, end, retry with
/// backoff, release. Every method is safe with many workers on one store.
/// </summary>
public interface IJobQueue
{
    /// <summary>Enqueues a job; with a slot, at most one per (suite key, slot) ever exists. Null when the slot was already enqueued.</summary>
    Task<long?> EnqueueJobAsync(string suitePath, string suiteKey, string? scheduleSlot, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Leases the oldest job queued (past its backoff) or whose lease expired; each lease counts as an attempt.</summary>
    Task<JobRecord?> TryLeaseJobAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease; false when it is no longer ours.</summary>
    Task<bool> RenewLeaseAsync(long jobId, string owner, DateTimeOffset until, CancellationToken cancellationToken = default);

    Task SetJobRunAsync(long jobId, string runId, CancellationToken cancellationToken = default);

    /// <summary>Ends a job we hold with a final status.</summary>
    Task<bool> FinishJobAsync(long jobId, string owner, JobStatus status, string? error, CancellationToken cancellationToken = default);

    /// <summary>Hands a failed job back, not to be leased before <paramref name="notBefore"/>.</summary>
    Task<bool> RetryJobLaterAsync(long jobId, string owner, string error, DateTimeOffset notBefore, CancellationToken cancellationToken = default);

    /// <summary>Hands a job back after its worker was asked to stop; not an attempt.</summary>
    Task<bool> ReleaseJobAsync(long jobId, string owner, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<JobRecord>> GetJobsAsync(string? runId = null, CancellationToken cancellationToken = default);
}
