namespace LoftCompare.Worker.Hosting;

/// <summary>The worker's settings: section <c>Worker</c> of the config file, <c>LOFTCOMPARE_Worker__*</c> environment variables, then command-line options.</summary>
public sealed class WorkerOptions
{
    public string Db { get; set; } = "loftcompare.db";

    /// <summary>Folder of suite files whose schedules the worker follows.</summary>
    public string Suites { get; set; } = "suites";

    public string DataDir { get; set; } = ".loftcompare";

    public string Out { get; set; } = "reports";

    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    public double PollSeconds { get; set; } = 5;

    /// <summary>How long a job stays leased without a heartbeat before another worker may take it over.</summary>
    public double LeaseSeconds { get; set; } = 120;

    public double HeartbeatSeconds { get; set; } = 30;

    /// <summary>Missed schedule slots older than this are skipped; younger ones collapse into the latest.</summary>
    public double CatchUpHours { get; set; } = 24;

    /// <summary>Leases a job may take (each failed attempt or dead worker counts) before it is failed for good.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before a failed job's second attempt; doubled for each later one.</summary>
    public double RetryBackoffSeconds { get; set; } = 60;

    /// <summary>Failed examples a job's run may have (fraction of those not declined) and still succeed.</summary>
    public double MaxFailedFraction { get; set; }

    /// <summary>Stop once no job is waiting (for batch use and tests) instead of polling forever.</summary>
    public bool ExitWhenIdle { get; set; }
}
