using LoftCompare.Runs.Execution;
using LoftCompare.Runs;
using LoftCompare.Worker.Commands;

namespace LoftCompare.Worker.Tests.Commands;

/// <summary>Progress in a log: a line per finished (task, pipeline) and, at most every interval, the whole run's done/planned, failures and ETA.</summary>
public sealed class PlainProgressTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public void Lines_come_when_a_task_finishes_and_at_most_every_interval_with_the_runs_totals()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var progress = new PlainProgress(output, clock, TimeSpan.FromSeconds(10));

        progress.Report(new RunProgress("rag", "rag", 1, 40) { RunPlanned = 80 });
        Assert.Equal(string.Empty, output.ToString()); // nothing finished, interval not reached

        clock.Ticks = TimeSpan.FromSeconds(10).Ticks;
        progress.Report(new RunProgress("rag", "long-context", 19, 40) { RunPlanned = 80, Failed = 2 });
        Assert.Equal("progress: 20/80 examples (25%), 2 failed, 2.0/s, ETA 30 s", output.ToString().Trim());

        output.GetStringBuilder().Clear();
        clock.Ticks = TimeSpan.FromSeconds(15).Ticks;
        progress.Report(new RunProgress("rag", "rag", 40, 40) { RunPlanned = 80 });
        Assert.Equal("rag · rag: 40/40 examples recorded", output.ToString().Trim()); // finished: said at once; 5 s since the last total

        output.GetStringBuilder().Clear();
        progress.Report(new RunProgress("rag", "rag", 40, 40) { RunPlanned = 80 });
        Assert.Equal(string.Empty, output.ToString()); // said once
    }
}
