using LoftCompare.Results;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Worker.Tests.Hosting;

public sealed class JobLeaseTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task A_live_lease_keeps_a_job_and_an_expired_one_lets_another_worker_take_it_over()
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var now = DateTimeOffset.Parse("2026-11-29T06:00:00Z");
        var jobId = await store.EnqueueJobAsync("/suites/a.json", "suite", null, now);

        var first = await store.TryLeaseJobAsync("worker-a", now, TimeSpan.FromSeconds(30));
        var whileLive = await store.TryLeaseJobAsync("worker-b", now.AddSeconds(10), TimeSpan.FromSeconds(30));
        var renewed = await store.RenewLeaseAsync(jobId!.Value, "worker-a", now.AddSeconds(40));
        var beforeExpiry = await store.TryLeaseJobAsync("worker-b", now.AddSeconds(35), TimeSpan.FromSeconds(30));
        var takenOver = await store.TryLeaseJobAsync("worker-b", now.AddSeconds(41), TimeSpan.FromSeconds(30));
        var staleRenewal = await store.RenewLeaseAsync(jobId.Value, "worker-a", now.AddSeconds(80));

        Assert.Equal(("worker-a", JobStatus.Running), (first!.LeaseOwner, first.Status));
        Assert.Null(whileLive);
        Assert.True(renewed);
        Assert.Null(beforeExpiry);
        Assert.Equal("worker-b", takenOver!.LeaseOwner);
        Assert.False(staleRenewal); // the dead worker's heartbeat cannot steal it back
        Assert.False(await store.FinishJobAsync(jobId.Value, "worker-a", JobStatus.Succeeded, null));
        Assert.True(await store.FinishJobAsync(jobId.Value, "worker-b", JobStatus.Succeeded, null));
    }

    public void Dispose() => workspace.Dispose();
}
