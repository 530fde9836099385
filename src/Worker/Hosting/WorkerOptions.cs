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

    /// <summary>After a stop (SIGTERM), how long the calls in flight may go on before they are cancelled, unrecorded, for the next worker to redo; below the host's two-minute shutdown limit.</summary>
    public double DrainSeconds { get; set; } = 90;

    /// <summary>A run that records no example for this long (setup included) is stopped and its job retried (an attempt): a heartbeat alone does not keep a stuck run's lease for ever.</summary>
    public double StallSeconds { get; set; } = 3600;

    /// <summary>Missed schedule slots older than this are skipped; younger ones collapse into the latest.</summary>
    public double CatchUpHours { get; set; } = 24;

    /// <summary>Leases a job may take (each failed attempt or dead worker counts) before it is failed for good.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before a failed job's second attempt; doubled for each later one.</summary>
    public double RetryBackoffSeconds { get; set; } = 60;

    /// <summary>Failed examples a job's run may have (fraction of those not declined) and still succeed.</summary>
    public double MaxFailedFraction { get; set; }

    /// <summary>Why these settings cannot work together (a lease that expires between heartbeats, say), or null.</summary>
    public string? Problem()
    {
        foreach (var (name, value) in new[] { ("--lease-seconds", LeaseSeconds), ("--heartbeat-seconds", HeartbeatSeconds), ("--poll-seconds", PollSeconds), ("--stall-seconds", StallSeconds) })
        {
            if (!double.IsFinite(value) || value <= 0 || value > TimeSpan.FromDays(7).TotalSeconds)
            {
                return $"{name} must be a number of seconds above 0 and at most a week; it is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.";
            }
        }

        // No drain (0) is allowed: calls in flight are then cancelled at once.
        if (!double.IsFinite(DrainSeconds) || DrainSeconds < 0)
        {
            return $"--drain-seconds must be a number of seconds, 0 or more; it is {DrainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}.";
        }

        if (HeartbeatSeconds >= LeaseSeconds)
        {
            return $"--heartbeat-seconds ({HeartbeatSeconds:0.###}) must be shorter than --lease-seconds ({LeaseSeconds:0.###}): the lease would expire between heartbeats and another worker take the job over.";
        }

        if (DrainSeconds >= ShutdownLimit.TotalSeconds)
        {
            return $"--drain-seconds ({DrainSeconds:0.###}) must be shorter than the worker's {ShutdownLimit.TotalSeconds:0}-second shutdown limit.";
        }

        if (MaxAttempts < 1)
        {
            return $"MaxAttempts must be at least 1; it is {MaxAttempts}.";
        }

        return null;
    }

    /// <summary>How long the host waits on SIGTERM before it gives up on the worker loop.</summary>
    public static TimeSpan ShutdownLimit { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Stop once no job is waiting (for batch use and tests) instead of polling forever.</summary>
    public bool ExitWhenIdle { get; set; }
}
