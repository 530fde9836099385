using LoftCompare.Runs.Execution;
using LoftCompare.Results;
using LoftCompare.Runs;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.Logging;
using LoftCompare.Runs.Launching;
using LoftCompare.Runs.Recording;

namespace LoftCompare.Worker.Hosting;

/// <summary>
/// Takes one job: leases it, keeps the lease alive with heartbeats, runs (or resumes) its suite through the same
/// <see cref="RunLauncher"/> as <c>run</c>, and ends the job. Every fault is caught at this boundary and recorded on the
/// job: an invalid suite fails it at once; anything else is retried with backoff up to
/// <see cref="WorkerOptions.MaxAttempts"/> leases, then the job is failed (a poison job never takes the worker down).
/// Asked to stop, it lets the examples in flight finish and be recorded, then hands the job back to the queue.
/// </summary>
public sealed class JobProcessor(IJobQueue queue, IResultStore store, RunLauncher launcher, WorkerOptions options, TimeProvider clock, ILogger<JobProcessor> logger)
{
    /// <summary>Processes the next available job; false when none was waiting.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken stop, IProgress<RunProgress>? progress = null)
    {
        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
        var job = await queue.TryLeaseJobAsync(options.WorkerId, clock.GetUtcNow(), lease, CancellationToken.None);
        if (job is null)
        {
            return false;
        }

        if (job.Attempts > options.MaxAttempts)
        {
            // Leased again after its last allowed attempt: its worker died mid-job (each lease counts), so stop here.
            await GiveUpAsync(job, $"gave up after {options.MaxAttempts} attempts; last error: {job.Error ?? "the worker running it stopped without recording one (killed or crashed)"}");
            return true;
        }

        logger.LogInformation("Leased job {JobId} ({Suite}), attempt {Attempt} of {Max}{Resume}", job.JobId, job.SuitePath, job.Attempts, options.MaxAttempts, job.RunId is null ? string.Empty : $", resuming run {job.RunId}");
        using var lostLease = new CancellationTokenSource();
        using var stopOrLost = CancellationTokenSource.CreateLinkedTokenSource(stop, lostLease.Token);
        using var heartbeatStop = new CancellationTokenSource();
        // Calls in flight end at the latest when the drain after a stop runs out, or at once when the run has stalled.
        using var abort = new CancellationTokenSource();
        using var drainAfterStop = stop.Register(() => abort.CancelAfter(TimeSpan.FromSeconds(options.DrainSeconds)));
        var watch = new ProgressWatch(clock, progress);
        var heartbeat = HeartbeatAsync(job.JobId, lease, lostLease, watch, abort, heartbeatStop.Token);
        try
        {
            var outcome = await launcher.RunAsync(
                new RunLaunch
                {
                    SuitePath = job.SuitePath,
                    ResumeRunId = job.RunId,
                    OnRunCreated = runId => queue.SetJobRunAsync(job.JobId, runId),
                    StopRequested = stopOrLost.Token,
                    LeaseHeld = token => queue.RenewLeaseAsync(job.JobId, options.WorkerId, clock.GetUtcNow() + lease, token),
                    MaxFailedFraction = options.MaxFailedFraction,
                },
                watch,
                abort.Token);
            await StopAsync(heartbeatStop, heartbeat);
            var summary = outcome.Summary;
            if (summary.Interrupted)
            {
                // Hand the job back (if it is still ours) so the next worker resumes it from the recorded examples;
                // being stopped is not a failed attempt.
                var released = await queue.ReleaseJobAsync(job.JobId, options.WorkerId, CancellationToken.None);
                logger.LogInformation("Stopped job {JobId} after {Rows} new rows; lease {Released}", job.JobId, summary.RowsWritten, released ? "released" : "already lost");
                return true;
            }

            // A suite that fails on regression fails its job too, naming what regressed; an unreachable alert webhook is said, not fatal.
            var regressed = outcome.FailOnRegression && outcome.Regressions.Count > 0;
            var succeeded = summary.Status == RunStatus.Succeeded && outcome.ReportError is null && !regressed;
            var regressions = regressed ? $"{outcome.Regressions.Count} regression(s) since run {outcome.PreviousRunId}: {string.Join("; ", outcome.Regressions.Take(3).Select(r => $"{r.TaskName} · {r.Pipeline}: {r.Detail}"))}" : null;
            var reason = string.Join("; ", new[] { summary.Reason, outcome.ReportError, regressions, outcome.AlertError }.OfType<string>());
            foreach (var regression in outcome.Regressions)
            {
                logger.LogWarning("Run {RunId} regressed since {Previous}: {Task} · {Pipeline} · {Model}: {Detail}", summary.RunId, outcome.PreviousRunId, regression.TaskName, regression.Pipeline, regression.ModelId, regression.Detail);
            }

            await queue.FinishJobAsync(job.JobId, options.WorkerId, succeeded ? JobStatus.Succeeded : JobStatus.Failed, reason.Length == 0 ? null : reason, CancellationToken.None);
            logger.LogInformation("Finished job {JobId}: run {RunId} {Status}, {Rows} rows ({Failed} failed, {Declined} declined){Reason}", job.JobId, summary.RunId, summary.Status, summary.RowsWritten, summary.FailedExamples, summary.Declined, summary.Reason is null ? string.Empty : ": " + summary.Reason);
            return true;
        }
        catch (Exception ex) when (ex is LeaseLostException || ex.InnerException is LeaseLostException)
        {
            // Another worker owns the job now: its run, its rows and its end are that worker's; touch none of them.
            await StopAsync(heartbeatStop, heartbeat);
            logger.LogWarning("Lost the lease on job {JobId} to another worker; wrote nothing more of its run", job.JobId);
            return true;
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !watch.Stalled)
        {
            // Stopped, and the calls in flight outlived the drain: they were cancelled unrecorded (the run says
            // 'cancelled'), so the job goes back to the queue whole; being stopped is not a failed attempt.
            await StopAsync(heartbeatStop, heartbeat);
            var released = await queue.ReleaseJobAsync(job.JobId, options.WorkerId, CancellationToken.None);
            logger.LogWarning("Stopped job {JobId}: calls still in flight after the {Drain:0.#} s drain were cancelled, to be redone on resume; lease {Released}", job.JobId, options.DrainSeconds, released ? "released" : "already lost");
            return true;
        }
        catch (Exception ex)
        {
            await StopAsync(heartbeatStop, heartbeat);
            var reason = watch.Stalled
                ? $"no example recorded for {options.StallSeconds:0.#} s (stallSeconds): the run was stopped and is resumable"
                : $"{ex.GetType().Name}: {ex.Message}";
            if (ex is SuiteException)
            {
                // The suite itself is wrong: running it again cannot help.
                await GiveUpAsync(job, reason);
            }
            else if (job.Attempts >= options.MaxAttempts)
            {
                await GiveUpAsync(job, $"gave up after {job.Attempts} attempts; last error: {reason}");
            }
            else
            {
                var retryAt = clock.GetUtcNow() + Backoff(job.Attempts);
                await queue.RetryJobLaterAsync(job.JobId, options.WorkerId, $"attempt {job.Attempts} of {options.MaxAttempts} failed: {reason}", retryAt, CancellationToken.None);
                logger.LogError("Job {JobId} attempt {Attempt} of {Max} failed, retrying after {RetryAt:O}: {Reason}", job.JobId, job.Attempts, options.MaxAttempts, retryAt, reason);
            }

            return true;
        }
    }

    /// <summary>Exponential backoff between a job's attempts: base, 2×base, 4×base, ...</summary>
    private TimeSpan Backoff(long attempt) => TimeSpan.FromSeconds(options.RetryBackoffSeconds * Math.Pow(2, Math.Max(0, attempt - 1)));

    private async Task GiveUpAsync(JobRecord job, string reason)
    {
        await queue.FinishJobAsync(job.JobId, options.WorkerId, JobStatus.Failed, reason, CancellationToken.None);
        if (job.RunId is { } runId && await store.GetRunAsync(runId, CancellationToken.None) is { Status: RunStatus.Running })
        {
            await store.FinishRunAsync(runId, RunStatus.Failed, $"its job {job.JobId} failed: {reason}", CancellationToken.None);
        }

        logger.LogError("Job {JobId} failed: {Reason}", job.JobId, reason);
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task heartbeat)
    {
        await stop.CancelAsync();
        await heartbeat;
    }

    private async Task HeartbeatAsync(long jobId, TimeSpan lease, CancellationTokenSource lostLease, ProgressWatch watch, CancellationTokenSource abort, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.HeartbeatSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (watch.SilentFor() > TimeSpan.FromSeconds(options.StallSeconds))
                {
                    // A run that records nothing is not renewed for ever: stop it; the job is retried as an attempt.
                    logger.LogError("Job {JobId} recorded no example for {Stall:0.#} s; stopping its run", jobId, options.StallSeconds);
                    watch.Stalled = true;
                    await abort.CancelAsync();
                    return;
                }

                bool renewed;
                try
                {
                    renewed = await queue.RenewLeaseAsync(jobId, options.WorkerId, clock.GetUtcNow() + lease, CancellationToken.None);
                }
                catch (IOException ex)
                {
                    logger.LogWarning("Could not renew the lease on job {JobId}: {Reason}", jobId, ex.Message);
                    continue;
                }

                if (!renewed)
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
