namespace LoftCompare.Results;

/// <summary>How a job stands in the queue (<c>jobs.status</c>, stored in lower case).</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
