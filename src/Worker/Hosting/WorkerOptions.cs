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

    /// <summary>Stop once no job is waiting (for batch use and tests) instead of polling forever.</summary>
    public bool ExitWhenIdle { get; set; }
}
