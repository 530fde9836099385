namespace LoftCompare.Runs;

/// <summary>A run's status as stored in <c>runs.status</c>, plus <see cref="Interrupted"/>, which is only ever returned.</summary>
public static class RunStatuses
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Asked to stop: examples in flight finished and were recorded, the run is stored as cancelled and can be resumed.</summary>
    public const string Interrupted = "interrupted";
}
