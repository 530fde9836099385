using LoftCompare.Runs.Execution;
using LoftCompare.Runs;

namespace LoftCompare.Worker.Hosting;

/// <summary>Passes a run's progress on and remembers when the last came, so a job can tell a slow run from a stuck one.</summary>
internal sealed class ProgressWatch(TimeProvider clock, IProgress<RunProgress>? inner) : IProgress<RunProgress>
{
    private long lastTicks = clock.GetUtcNow().UtcTicks;

    /// <summary>Set when the job stopped its run for recording nothing for too long.</summary>
    public bool Stalled { get; set; }

    public TimeSpan SilentFor() => TimeSpan.FromTicks(clock.GetUtcNow().UtcTicks - Interlocked.Read(ref lastTicks));

    public void Report(RunProgress value)
    {
        Interlocked.Exchange(ref lastTicks, clock.GetUtcNow().UtcTicks);
        inner?.Report(value);
    }
}
