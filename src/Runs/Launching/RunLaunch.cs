namespace LoftCompare.Runs.Launching;

/// <summary>What to run: a suite file, or a recorded run to resume; how it may be asked to stop; what failure it tolerates.</summary>
public sealed record RunLaunch
{
    /// <summary>The suite file for a new run.</summary>
    public string? SuitePath { get; init; }

    /// <summary>A cancelled or failed run to continue: recorded examples are kept, failed and missing ones are run.</summary>
    public string? ResumeRunId { get; init; }

    /// <summary>When signalled, examples in flight finish and are recorded, and the run ends cancelled (resumable).</summary>
    public CancellationToken StopRequested { get; init; }

    /// <summary>Called with the run's id before any example runs.</summary>
    public Func<string, Task>? OnRunCreated { get; init; }

    /// <summary>
    /// For a leased job: renews the lease, false when another worker took it over. Checked before every write of the run
    /// (<see cref="LeaseFencedStore"/>), so a worker that lost its job writes nothing more of it.
    /// </summary>
    public Func<CancellationToken, Task<bool>>? LeaseHeld { get; init; }

    /// <summary>The caller holds the run's job lease, so a run still marked running is taken over rather than refused.</summary>
    public bool HoldsLease => LeaseHeld is not null;

    /// <summary>Failed examples tolerated, as a fraction of those not declined.</summary>
    public double MaxFailedFraction { get; init; }

    /// <summary>Only these tasks of the suite (by name); all when empty. Recorded with the run, so a resume runs the same ones.</summary>
    public IReadOnlyList<string> Tasks { get; init; } = [];

    /// <summary>Only these models (by id) among the suite's readers and long-context models; a list none of them is in stays whole.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>At most this many queries per task (below the suite's own <c>maxQueries</c>); recorded with the run.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// Refuse, recording nothing, a new run none of whose task sets loads (a 0/0 run says nothing): what a person at
    /// the command line wants. A scheduled job leaves it off, so such a night is recorded as a failed run and alerts.
    /// </summary>
    public bool RefuseWhenNothingLoads { get; init; }
}
