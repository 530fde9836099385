using LoftCompare.Results;
using LoftCompare.Worker.Hosting;
using LoftCompare.Worker.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Worker.Tests.Faults;

/// <summary>Faults in the worker's queue (docs/reliability.md): a poison job never takes the worker down and never loops for ever.</summary>
public sealed class JobFaultTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    private string Suite(string extra = "") => workspace.WriteSuite($$"""
        { "name": "nightly", {{extra}} "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 1 } ] }
        """);

    private JobProcessor Processor(SqliteResultStore store, string output) => new(
        store,
        store,
        workspace.Launcher(store, output),
        new WorkerOptions { Db = workspace.DbPath, WorkerId = "w", LeaseSeconds = 60, HeartbeatSeconds = 1, MaxAttempts = 2, RetryBackoffSeconds = 0 },
        TimeProvider.System,
        NullLogger<JobProcessor>.Instance);

    [Fact]
    public async Task A_suite_with_an_unknown_tokenizer_fails_its_job_at_once_naming_the_file_and_field()
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var suite = Suite("\"tokenizer\": \"klingon_base\",");
        await store.EnqueueJobAsync(suite, "nightly", null, DateTimeOffset.UtcNow);

        Assert.True(await Processor(store, workspace.ReportFolder).ProcessNextAsync(CancellationToken.None));

        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Failed, 1L), (job.Status, job.Attempts));
        Assert.Contains($"'{suite}'", job.Error);
        Assert.Contains("field 'tokenizer' is 'klingon_base'", job.Error);
        Assert.Contains("o200k_base", job.Error);
        Assert.False(await Processor(store, workspace.ReportFolder).ProcessNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_job_that_keeps_failing_is_retried_then_failed_and_the_worker_goes_on()
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(Suite(), "nightly", null, DateTimeOffset.UtcNow);
        var blocker = Path.Combine(workspace.Root, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the reports folder should be");
        var unwritable = Path.Combine(blocker, "reports"); // cannot be created, even as root

        Assert.True(await Processor(store, unwritable).ProcessNextAsync(CancellationToken.None));
        var retried = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Queued, 1L), (retried.Status, retried.Attempts));
        Assert.Contains("attempt 1 of 2 failed", retried.Error);
        Assert.Contains("not writable", retried.Error);
        Assert.NotNull(retried.NotBefore);

        Assert.True(await Processor(store, unwritable).ProcessNextAsync(CancellationToken.None));
        var failed = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Failed, 2L), (failed.Status, failed.Attempts));
        Assert.Contains("gave up after 2 attempts", failed.Error);
        Assert.False(await Processor(store, unwritable).ProcessNextAsync(CancellationToken.None)); // nothing loops for ever
    }

    [Fact]
    public async Task A_job_whose_worker_dies_on_every_attempt_is_failed_when_its_attempts_run_out()
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(Suite(), "nightly", null, DateTimeOffset.UtcNow);
        var now = DateTimeOffset.UtcNow;
        for (var death = 0; death < 2; death++)
        {
            // A worker leases it and dies (never renews): the lease expires.
            Assert.NotNull(await store.TryLeaseJobAsync($"doomed-{death}", now, TimeSpan.FromSeconds(1)));
            now += TimeSpan.FromSeconds(2);
        }

        var processor = new JobProcessor(store, store, workspace.Launcher(store), new WorkerOptions { WorkerId = "w", MaxAttempts = 2 }, new FixedClock(now), NullLogger<JobProcessor>.Instance);
        Assert.True(await processor.ProcessNextAsync(CancellationToken.None));

        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("gave up after 2 attempts", job.Error);
        Assert.Contains("stopped without recording one", job.Error);
    }

    [Fact]
    public async Task A_schedule_slot_is_enqueued_once_whatever_path_reaches_the_suite()
    {
        var folder = Path.Combine(workspace.Root, "suites");
        Directory.CreateDirectory(folder);
        File.Copy(Suite("\"schedule\": { \"cron\": \"*/10 * * * *\" },"), Path.Combine(folder, "nightly.json"));
        var link = Path.Combine(workspace.Root, "mounted-elsewhere");
        Directory.CreateSymbolicLink(link, folder);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var scheduler = new SuiteScheduler(store, NullLogger<SuiteScheduler>.Instance, TestCatalog.BuiltIn);
        var now = new DateTimeOffset(2026, 11, 30, 12, 5, 0, TimeSpan.Zero);

        var first = await scheduler.EnqueueDueAsync(await scheduler.LoadSchedulesAsync(folder, CancellationToken.None), now, TimeSpan.FromHours(1), CancellationToken.None);
        var second = await scheduler.EnqueueDueAsync(await scheduler.LoadSchedulesAsync(link, CancellationToken.None), now, TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal("nightly", Assert.Single(await store.GetJobsAsync()).SuiteKey);
    }

    public void Dispose() => workspace.Dispose();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
