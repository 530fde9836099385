using LoftCompare.Worker.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoftCompare.Worker.Hosting;

/// <summary>The worker loop: enqueue due schedule slots, process queued jobs, wait, repeat, until the host stops (SIGTERM, Ctrl-C).</summary>
public sealed class WorkerService(SuiteScheduler scheduler, JobProcessor processor, WorkerOptions options, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<WorkerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Worker {WorkerId} on {Db}, suites in {Suites}", options.WorkerId, Path.GetFullPath(options.Db), Path.GetFullPath(options.Suites));
        while (!stoppingToken.IsCancellationRequested)
        {
            var schedules = await scheduler.LoadSchedulesAsync(options.Suites, stoppingToken);
            await scheduler.EnqueueDueAsync(schedules, clock.GetUtcNow(), TimeSpan.FromHours(options.CatchUpHours), stoppingToken);

            var worked = false;
            while (!stoppingToken.IsCancellationRequested && await processor.ProcessNextAsync(stoppingToken))
            {
                worked = true;
            }

            if (options.ExitWhenIdle && !worked)
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
}
