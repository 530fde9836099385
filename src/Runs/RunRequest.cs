namespace LoftCompare.Runs;

/// <summary>How a run is started: fresh or resumed, and how it may be asked to stop between examples.</summary>
public sealed record RunRequest
{
    /// <summary>Resume this run: examples already recorded without error are skipped, the rest are run.</summary>
    public string? ResumeRunId { get; init; }

    /// <summary>Called with the new run's id before any example runs, so the caller can record it (e.g. on its job).</summary>
    public Func<string, Task>? OnRunCreated { get; init; }

    /// <summary>When signalled, examples in flight finish and are recorded, no new ones start, and the run returns "interrupted".</summary>
    public CancellationToken StopRequested { get; init; }

    /// <summary>Parallel examples allowed per model endpoint (model id); 1 for any endpoint not listed.</summary>
    public IReadOnlyDictionary<string, int> ConcurrencyPerEndpoint { get; init; } = new Dictionary<string, int>();

    /// <summary>Failed examples tolerated, as a fraction of those not declined, before the run counts as failed (0 by default).</summary>
    public double MaxFailedFraction { get; init; }

    /// <summary>How often the run marks itself alive in the database.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);
}
