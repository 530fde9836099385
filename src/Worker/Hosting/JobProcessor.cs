using LoftCompare.Corpora.Adapters;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Reports;
using LoftCompare.Eval.Results;
using LoftCompare.Worker.Runs;
using LoftCompare.Worker.Suites;
using Microsoft.Extensions.Logging;

namespace LoftCompare.Worker.Hosting;

/// <summary>
/// Takes one job: leases it, keeps the lease alive with heartbeats, runs (or resumes) its suite, and ends the job.
/// Asked to stop, it lets the examples in flight finish and be recorded, then hands the job back to the queue so
/// another worker resumes it. A job whose worker died is taken over when its lease expires.
/// </summary>
public sealed class JobProcessor(SqliteResultStore store, WorkerOptions options, TimeProvider clock, ILogger<JobProcessor> logger)
{
    /// <summary>Processes the next available job; false when none was waiting.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken stop, IProgress<RunProgress>? progress = null)
    {
        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
        var job = await store.TryLeaseJobAsync(options.WorkerId, clock.GetUtcNow(), lease, CancellationToken.None);
        if (job is null)
        {
            return false;
        }

        logger.LogInformation("Leased job {JobId} ({Suite}){Resume}", job.JobId, job.SuitePath, job.RunId is null ? string.Empty : $", resuming run {job.RunId}");
        using var lostLease = new CancellationTokenSource();
        using var stopOrLost = CancellationTokenSource.CreateLinkedTokenSource(stop, lostLease.Token);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job.JobId, lease, lostLease, heartbeatStop.Token);
        try
        {
            var (suite, json) = await SuiteLoader.LoadAsync(job.SuitePath, CancellationToken.None);
            using var environment = RunEnvironment.Create(suite, job.SuitePath, options.DataDir);
            var runner = new ComparisonRunner(store, DatasetAdapterRegistry.CreateDefault(), MetricRegistry.CreateDefault(), clock);
            var request = new RunRequest
            {
                ResumeRunId = job.RunId,
                OnRunCreated = runId => store.SetJobRunAsync(job.JobId, runId),
                StopRequested = stopOrLost.Token,
                ConcurrencyPerEndpoint = suite.Concurrency ?? [],
            };
            var summary = await runner.RunAsync(suite, job.SuitePath, json, environment, progress, CancellationToken.None, request);
            await heartbeatStop.CancelAsync();
            await heartbeat;
            if (summary.Status == "interrupted")
            {
                // Hand the job back (if it is still ours) so the next worker resumes it from the recorded examples.
                var released = await store.FinishJobAsync(job.JobId, options.WorkerId, "queued", null);
                logger.LogInformation("Stopped job {JobId} after {Rows} new rows; lease {Released}", job.JobId, summary.RowsWritten, released ? "released" : "already lost");
                return true;
            }

            await new MarkdownReportWriter().WriteAsync(store, summary.RunId, options.Out, CancellationToken.None);
            await store.FinishJobAsync(job.JobId, options.WorkerId, summary.Status, summary.TaskErrors.Count == 0 ? null : string.Join("; ", summary.TaskErrors));
            logger.LogInformation("Finished job {JobId}: run {RunId} {Status}, {Rows} rows", job.JobId, summary.RunId, summary.Status, summary.RowsWritten);
            return true;
        }
        catch (Exception ex) when (ex is SuiteException or IOException or InvalidOperationException or NotSupportedException)
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await store.FinishJobAsync(job.JobId, options.WorkerId, "failed", ex.Message);
            logger.LogError("Job {JobId} failed: {Reason}", job.JobId, ex.Message);
            return true;
        }
    }

    private async Task HeartbeatAsync(long jobId, TimeSpan lease, CancellationTokenSource lostLease, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.HeartbeatSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (!await store.RenewLeaseAsync(jobId, options.WorkerId, clock.GetUtcNow() + lease, CancellationToken.None))
                {
                    logger.LogWarning("Lost the lease on job {JobId}; stopping after the examples in flight", jobId);
                    await lostLease.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the job ended
        }
    }
}
