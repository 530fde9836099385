using LoftCompare.Results;
using LoftCompare.Worker.Scheduling;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.Logging.Abstractions;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Worker.Tests.Scheduling;

public sealed class SuiteScheduleTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    private static SuiteSchedule Berlin(string cron) => SuiteSchedule.Parse("suite.json", new ScheduleSettings { Cron = cron, TimeZone = "Europe/Berlin" });

    [Fact]
    public void A_time_skipped_by_the_spring_dst_change_fires_once_right_after_it()
    {
        // 2026-03-29: Berlin clocks jump from 02:00 to 03:00, so 02:30 does not exist that night.
        var next = Berlin("30 2 * * *").Next(DateTimeOffset.Parse("2026-03-28T12:00:00Z"), 3);

        Assert.Equal(
            [DateTimeOffset.Parse("2026-03-29T01:00:00Z"), DateTimeOffset.Parse("2026-03-30T00:30:00Z"), DateTimeOffset.Parse("2026-03-31T00:30:00Z")],
            next);
    }

    [Fact]
    public void A_time_repeated_by_the_autumn_dst_change_fires_once()
    {
        // 2026-10-25: Berlin clocks fall back from 03:00 to 02:00, so 02:30 happens twice; the run happens once.
        var next = Berlin("30 2 * * *").Next(DateTimeOffset.Parse("2026-10-24T12:00:00Z"), 2);

        Assert.Equal([DateTimeOffset.Parse("2026-10-25T00:30:00Z"), DateTimeOffset.Parse("2026-10-26T01:30:00Z")], next);
    }

    [Fact]
    public void Missed_slots_collapse_into_the_latest_and_slots_older_than_the_window_are_skipped()
    {
        var hourly = SuiteSchedule.Parse("suite.json", new ScheduleSettings { Cron = "0 * * * *" });
        var now = DateTimeOffset.Parse("2026-11-29T05:40:00Z");

        Assert.Equal(DateTimeOffset.Parse("2026-11-29T05:00:00Z"), hourly.DueSlot(now, TimeSpan.FromHours(24)));
        Assert.Null(hourly.DueSlot(now, TimeSpan.FromMinutes(30)));
    }

    [Theory]
    [InlineData("61 * * * *", "UTC", "field 'schedule.cron'")]
    [InlineData("0 2 * * *", "Mars/Olympus_Mons", "field 'schedule.timeZone'")]
    [InlineData("* * * * * *", "UTC", "('* * * * * *') fires more often than once a minute")]
    [InlineData("*/30 * * * * *", "UTC", "fires more often than once a minute")]
    public void Bad_schedules_name_the_field(string cron, string zone, string problem)
        => Assert.Contains(problem, Assert.Throws<SuiteException>(() => SuiteSchedule.Parse("suite.json", new ScheduleSettings { Cron = cron, TimeZone = zone })).Message);

    [Fact]
    public async Task Two_workers_polling_the_same_schedule_enqueue_one_job_per_slot()
    {
        var schedule = SuiteSchedule.Parse(workspace.WriteSuite("""{ "name": "s", "tasks": [ { "name": "t", "path": "x" } ] }"""), new ScheduleSettings { Cron = "*/10 * * * *" });
        var first = new SuiteScheduler(await SqliteResultStore.OpenAsync(workspace.DbPath), NullLogger<SuiteScheduler>.Instance, TestCatalog.BuiltIn);
        var second = new SuiteScheduler(await SqliteResultStore.OpenAsync(workspace.DbPath), NullLogger<SuiteScheduler>.Instance, TestCatalog.BuiltIn);
        var now = DateTimeOffset.Parse("2026-11-29T05:43:00Z");

        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).EnqueueDueAsync([schedule], now.AddSeconds(i), TimeSpan.FromHours(1), CancellationToken.None)));
        var restarted = await first.EnqueueDueAsync([schedule], now.AddMinutes(5), TimeSpan.FromHours(1), CancellationToken.None);
        var nextSlot = await second.EnqueueDueAsync([schedule], now.AddMinutes(8), TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Single(created.SelectMany(c => c));
        Assert.Empty(restarted); // a restart inside the same slot adds nothing
        Assert.Single(nextSlot);
        var jobs = await (await SqliteResultStore.OpenAsync(workspace.DbPath)).GetJobsAsync();
        Assert.Equal(["2026-11-29T05:40:00.0000000+00:00", "2026-11-29T05:50:00.0000000+00:00"], jobs.Select(j => j.ScheduleSlot));
    }

    public void Dispose() => workspace.Dispose();
}
