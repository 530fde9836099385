using LoftCompare.Results;
using LoftCompare.Worker.Hosting;
using LoftCompare.Worker.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Worker.Tests.Faults;

public sealed class WorkerFatalTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task A_results_database_that_goes_bad_under_the_worker_stops_it_with_a_recorded_fatal_error()
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        File.Delete(workspace.DbPath + "-wal");
        File.Delete(workspace.DbPath + "-shm");
        await File.WriteAllBytesAsync(workspace.DbPath, Enumerable.Range(0, 8192).Select(i => (byte)(i * 13)).ToArray());
        var options = new WorkerOptions { Db = workspace.DbPath, Suites = workspace.Root, DataDir = workspace.DataDirectory, Out = workspace.ReportFolder, WorkerId = "w" };
        var exit = new WorkerExit();
        var lifetime = new Lifetime();
        var service = new WorkerService(
            new SuiteScheduler(store, NullLogger<SuiteScheduler>.Instance, TestCatalog.BuiltIn),
            new JobProcessor(store, store, workspace.Launcher(store), options, TimeProvider.System, NullLogger<JobProcessor>.Instance),
            store, options, exit, TimeProvider.System, lifetime, NullLogger<WorkerService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!;

        var fatal = Assert.IsType<ResultsDatabaseException>(exit.FatalError);
        Assert.Contains(workspace.DbPath, fatal.Message);
        Assert.True(lifetime.StopRequested); // the host stops, and WorkerCommand turns FatalError into exit code 1
    }

    public void Dispose() => workspace.Dispose();

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }
}
