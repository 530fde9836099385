using Cronos;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Worker.Scheduling;

/// <summary>A suite's cron schedule read in its time zone (Cronos handles the skipped and repeated hours of DST changes).</summary>
public sealed class SuiteSchedule
{
    private readonly CronExpression cron;

    private SuiteSchedule(string suitePath, string suiteKey, string expression, CronExpression cron, TimeZoneInfo zone)
    {
        SuitePath = suitePath;
        SuiteKey = suiteKey;
        Expression = expression;
        this.cron = cron;
        Zone = zone;
    }

    public string SuitePath { get; }

    /// <summary>What slots are unique on: the suite's name, the same whichever path or host reaches the file.</summary>
    public string SuiteKey { get; }

    public string Expression { get; }

    public TimeZoneInfo Zone { get; }

    /// <param name="suiteName">The suite's name, the slot key; the file's full path when not given.</param>
    public static SuiteSchedule Parse(string suitePath, ScheduleSettings settings, string? suiteName = null)
    {
        CronExpression cron;
        try
        {
            var format = settings.Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            cron = CronExpression.Parse(settings.Cron, format);
        }
        catch (CronFormatException ex)
        {
            throw new SuiteException($"Suite file '{suitePath}': field 'schedule.cron' ('{settings.Cron}') is not a cron expression: {ex.Message}", ex);
        }

        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        }
        catch (TimeZoneNotFoundException ex)
        {
            throw new SuiteException($"Suite file '{suitePath}': field 'schedule.timeZone' ('{settings.TimeZone}') is not a known time zone.", ex);
        }

        var schedule = new SuiteSchedule(Path.GetFullPath(suitePath), suiteName ?? Path.GetFullPath(suitePath), settings.Cron, cron, zone);

        // A run takes minutes at least; a schedule that fires more often than once a minute (a seconds field of '*')
        // would queue runs faster than any worker drains them. Judged over the next hour's fire times.
        var soon = schedule.Next(DateTimeOffset.UtcNow, 61);
        if (soon.Zip(soon.Skip(1), (a, b) => b - a).Any(gap => gap < MinimumGap))
        {
            throw new SuiteException($"Suite file '{suitePath}': field 'schedule.cron' ('{settings.Cron}') fires more often than once a minute; a schedule may start a run at most once a minute (five fields, e.g. '0 2 * * *' for 02:00 daily).");
        }

        return schedule;
    }

    /// <summary>The shortest time a schedule may leave between two runs.</summary>
    public static TimeSpan MinimumGap { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The next <paramref name="count"/> fire times after <paramref name="after"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Next(DateTimeOffset after, int count)
    {
        var times = new List<DateTimeOffset>();
        var from = after;
        while (times.Count < count && cron.GetNextOccurrence(from, Zone) is { } next)
        {
            times.Add(next);
            from = next;
        }

        return times;
    }

    /// <summary>
    /// The slot to run now: the latest fire time in (now − catch-up window, now], or null. Catch-up policy: slots
    /// missed while no worker ran collapse into the latest one, and slots older than the window are skipped.
    /// </summary>
    public DateTimeOffset? DueSlot(DateTimeOffset now, TimeSpan catchUpWindow)
        => cron.GetOccurrences(now - catchUpWindow, now, Zone, fromInclusive: false, toInclusive: true).Select(o => (DateTimeOffset?)o).LastOrDefault();
}
