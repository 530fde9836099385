using LoftCompare.Results;
namespace LoftCompare.Results.Rows;

/// <summary><c>jobs</c> as the database holds it, for stores to read with Dapper.</summary>
public sealed class JobRow
{
    public long JobId { get; set; }
    public string SuitePath { get; set; } = string.Empty;
    public string? ScheduleSlot { get; set; }
    public string Status { get; set; } = string.Empty;
    public string EnqueuedAt { get; set; } = string.Empty;
    public string? LeaseOwner { get; set; }
    public string? LeaseExpiresAt { get; set; }
    public string? RunId { get; set; }
    public string? Error { get; set; }
    public string SuiteKey { get; set; } = string.Empty;
    public long Attempts { get; set; }
    public string? NotBefore { get; set; }

    public JobRecord ToRecord() => new()
    {
        JobId = JobId, SuitePath = SuitePath, ScheduleSlot = ScheduleSlot, Status = StoredText.Parse<JobStatus>(Status), EnqueuedAt = StoredText.Time(EnqueuedAt),
        LeaseOwner = LeaseOwner, LeaseExpiresAt = StoredText.TimeOrNull(LeaseExpiresAt), RunId = RunId, Error = Error, SuiteKey = SuiteKey, Attempts = Attempts,
        NotBefore = StoredText.TimeOrNull(NotBefore),
    };
}
