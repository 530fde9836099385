using LoftCompare.Results;
using LoftCompare.Runs;
using LoftCompare.Worker.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Worker.Hosting;

/// <summary>The worker loop: enqueue due schedule slots, process queued jobs, wait, repeat, until the host stops (SIGTERM, Ctrl-C).</summary>
/// <remarks>
/// A job's own faults are handled by <see cref="JobProcessor"/>; anything escaping here (the results database gone, say)
/// is fatal: logged, recorded in <see cref="WorkerExit"/>, and the host stopped so the process exits non-zero.
/// Each pass also sweeps runs whose process died (no heartbeat, no live lease) to failed.
/// </remarks>
public sealed class WorkerService(SuiteScheduler scheduler, JobProcessor processor, IRunStore store, WorkerOptions options, WorkerExit exit, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<WorkerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoopAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogCritical("Worker {WorkerId} stopped by a fatal error: {Error}", options.WorkerId, $"{ex.GetType().Name}: {ex.Message}");
            exit.FatalError = ex;
            lifetime.StopApplication();
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Worker {WorkerId} on {Db}, suites in {Suites}", options.WorkerId, LoftCompare.Storage.Postgres.PostgresConnection.IsPostgres(options.Db) ? LoftCompare.Storage.Postgres.PostgresConnection.Parse(options.Db).Name : Path.GetFullPath(options.Db), Path.GetFullPath(options.Suites));
        while (!stoppingToken.IsCancellationRequested)
        {
            bool? worked = null;
            try
            {
                worked = await PassAsync(stoppingToken);
            }
            catch (ResultsDatabaseException ex) when (ex.Transient && !stoppingToken.IsCancellationRequested)
            {
                // The database stayed away past the store's own retries: the worker waits it out instead of dying.
                logger.LogWarning("Results database unavailable ({Error}); trying again in {Poll} s", ex.Message, options.PollSeconds);
            }

            if (options.ExitWhenIdle && worked == false)
            {
                logger.LogInformation("No job waiting; exiting as asked");
                lifetime.StopApplication();
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        logger.LogInformation("Worker {WorkerId} stopped cleanly", options.WorkerId);
    }

    /// <summary>One pass: sweep dead runs, enqueue due slots, drain the queue; whether any job was processed.</summary>
    private async Task<bool> PassAsync(CancellationToken stoppingToken)
    {
        foreach (var runId in await store.SweepAbandonedRunsAsync(clock.GetUtcNow(), RunLauncher.AbandonedAfter, stoppingToken))
        {
            logger.LogWarning("Run {RunId} was left running by a process that ended; marked failed (resumable)", runId);
        }

        var schedules = await scheduler.LoadSchedulesAsync(options.Suites, stoppingToken);
        await scheduler.EnqueueDueAsync(schedules, clock.GetUtcNow(), TimeSpan.FromHours(options.CatchUpHours), stoppingToken);

        var worked = false;
        while (!stoppingToken.IsCancellationRequested && await processor.ProcessNextAsync(stoppingToken))
        {
            worked = true;
        }

        return worked;
    }
}
