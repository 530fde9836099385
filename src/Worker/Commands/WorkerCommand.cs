using System.CommandLine;
using LoftCompare.Results;
using LoftCompare.Runs;
using LoftCompare.Worker.Hosting;
using LoftCompare.Worker.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare worker</c>: the hosted worker that follows suite schedules and runs queued jobs until stopped.</summary>
public static class WorkerCommand
{
    public static Command Create(CommandComposition composition)
    {
        var config = new Option<string?>("--config") { Description = "JSON settings file (section \"Worker\"); default ./loftcompare.worker.json if present." };
        var db = new Option<string?>("--db") { Description = "Results database." };
        var suites = new Option<string?>("--suites") { Description = "Folder of suite files whose schedules to follow." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder for persisted indexes and the embedding cache." };
        var output = new Option<string?>("--out") { Description = "Folder for reports." };
        var lease = new Option<double?>("--lease-seconds") { Description = "Lease length; a job whose worker stops heart-beating is taken over after it." };
        var heartbeat = new Option<double?>("--heartbeat-seconds") { Description = "How often a running job's lease is renewed." };
        var drain = new Option<double?>("--drain-seconds") { Description = "After SIGTERM, how long calls in flight may finish before they are cancelled (redone by the next worker)." };
        var stall = new Option<double?>("--stall-seconds") { Description = "A run that records no example for this long is stopped and its job retried." };
        var poll = new Option<double?>("--poll-seconds") { Description = "Pause between looks for due slots and jobs." };
        var exitWhenIdle = new Option<bool>("--exit-when-idle") { Description = "Exit once no job is waiting." };
        var command = new Command("worker", "Run the worker: enqueue due schedule slots, run queued jobs (resuming interrupted ones), stop cleanly on SIGTERM or Ctrl-C.")
        {
            config, db, suites, dataDir, output, lease, heartbeat, drain, stall, poll, exitWhenIdle,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>
            {
                ["Worker:Db"] = parse.GetValue(db),
                ["Worker:Suites"] = parse.GetValue(suites),
                ["Worker:DataDir"] = parse.GetValue(dataDir),
                ["Worker:Out"] = parse.GetValue(output),
                ["Worker:LeaseSeconds"] = parse.GetValue(lease)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Worker:HeartbeatSeconds"] = parse.GetValue(heartbeat)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Worker:DrainSeconds"] = parse.GetValue(drain)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Worker:StallSeconds"] = parse.GetValue(stall)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Worker:PollSeconds"] = parse.GetValue(poll)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Worker:ExitWhenIdle"] = parse.GetValue(exitWhenIdle) ? "true" : null,
            }.Where(p => p.Value is not null).ToDictionary();

            var builder = Host.CreateApplicationBuilder([]);
            builder.Configuration.Sources.Clear();
            builder.Configuration
                .AddJsonFile(Path.GetFullPath(parse.GetValue(config) ?? "loftcompare.worker.json"), optional: parse.GetValue(config) is null)
                .AddEnvironmentVariables("LOFTCOMPARE_")
                .AddInMemoryCollection(overrides);
            var options = new WorkerOptions();
            builder.Configuration.GetSection("Worker").Bind(options);
            if (options.Problem() is { } problem)
            {
                await Console.Error.WriteLineAsync($"error: {problem}");
                return 1;
            }

            builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = WorkerOptions.ShutdownLimit); // let examples in flight finish
            builder.Services.AddSingleton(options);
            composition.AddRunServices(builder.Services, await ResultsDatabase.OpenAsync(options.Db, cancellationToken), new LoftCompareOptions { DataDir = options.DataDir, Out = options.Out });
            var exit = new WorkerExit();
            builder.Services.AddSingleton(exit);
            builder.Services.AddSingleton<SuiteScheduler>();
            builder.Services.AddSingleton<JobProcessor>();
            builder.Services.AddHostedService<WorkerService>();
            await builder.Build().RunAsync(cancellationToken);
            if (exit.FatalError is { } fatal)
            {
                await Console.Error.WriteLineAsync($"error: the worker stopped: {fatal.Message}");
                return 1;
            }

            return 0;
        });
        return command;
    }
}
