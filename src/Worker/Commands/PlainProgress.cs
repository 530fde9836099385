using LoftCompare.Runs.Execution;
using System.Globalization;
using LoftCompare.Runs;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// Progress without a terminal (systemd, CI, a pipe): a line when a (task, pipeline) finishes, and at most every
/// <paramref name="every"/> a line for the whole run — done of planned, failures, rate and ETA — so a log shows a run is
/// alive long before its first task ends.
/// </summary>
public sealed class PlainProgress(TextWriter output, TimeProvider clock, TimeSpan every)
{
    private readonly Dictionary<(string Task, string Pipeline), RunProgress> latest = [];
    private readonly long started = clock.GetTimestamp();
    private TimeSpan lastLine = TimeSpan.Zero;

    public void Report(RunProgress progress)
    {
        lock (latest)
        {
            var key = (progress.TaskName, progress.Pipeline);
            var finishedNow = progress.Done == progress.Total && (!latest.TryGetValue(key, out var before) || before.Done != before.Total);
            latest[key] = progress;
            if (finishedNow)
            {
                output.WriteLine($"{progress.TaskName} · {progress.Pipeline}: {progress.Done}/{progress.Total} examples recorded{(progress.Failed > 0 ? $" ({progress.Failed} failed)" : string.Empty)}");
            }

            var elapsed = clock.GetElapsedTime(started);
            if (elapsed - lastLine < every)
            {
                return;
            }

            lastLine = elapsed;
            var done = latest.Values.Sum(p => p.Done);
            var failed = latest.Values.Sum(p => p.Failed);
            var planned = Math.Max(progress.RunPlanned, latest.Values.Sum(p => p.Total));
            var rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
            var eta = rate > 0 && planned > done ? TimeSpan.FromSeconds((planned - done) / rate) : TimeSpan.Zero;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress: {done}/{planned} examples ({(planned == 0 ? 0 : 100.0 * done / planned):0}%), {failed} failed, {rate:0.0}/s, ETA {Eta(eta)}"));
        }
    }

    private static string Eta(TimeSpan eta) => eta.TotalHours >= 1 ? $"{(int)eta.TotalHours} h {eta.Minutes} min" : eta.TotalMinutes >= 1 ? $"{(int)eta.TotalMinutes} min {eta.Seconds} s" : $"{eta.Seconds} s";
}
