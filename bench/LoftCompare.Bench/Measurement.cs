using System.Diagnostics;

namespace LoftCompare.Bench;

/// <summary>Times an action over several repetitions after a warm-up and reports the median, so one slow run does not decide.</summary>
public static class Measurement
{
    public static TimeSpan Median(Action action, int repetitions = 5, int warmups = 1)
    {
        for (var i = 0; i < warmups; i++)
        {
            action();
        }

        var times = new List<TimeSpan>();
        for (var i = 0; i < repetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(started));
        }

        return times.Order().ElementAt(times.Count / 2);
    }
}
