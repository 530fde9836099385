using System.CommandLine;
using LoftCompare.Eval.Results;
using Spectre.Console;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare jobs [--run ID] [--db PATH]</c> and <c>loftcompare enqueue SUITE [--db PATH]</c>.</summary>
public static class JobsCommand
{
    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "Only the job of this run." };
        var db = CommonOptions.Db();
        var command = new Command("jobs", "List jobs: status, lease, run, progress (examples recorded) and errors.") { run, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await ResultsDatabase.OpenExistingAsync(parse.GetValue(db)!, cancellationToken);
            var table = new Table().AddColumns("job", "suite", "slot", "status", "lease", "run", "progress", "error");
            foreach (var job in await store.GetJobsAsync(parse.GetValue(run), cancellationToken))
            {
                var progress = job.RunId is null ? string.Empty : await ProgressAsync(store, job.RunId, cancellationToken);
                table.AddRow(
                    job.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(Path.GetFileName(job.SuitePath)),
                    Markup.Escape(job.ScheduleSlot ?? "manual"),
                    job.Status,
                    Markup.Escape(job.LeaseOwner is null ? string.Empty : $"{job.LeaseOwner} until {job.LeaseExpiresAt}"),
                    Markup.Escape(job.RunId ?? string.Empty),
                    progress,
                    Markup.Escape(job.Error ?? string.Empty));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    public static Command CreateEnqueue()
    {
        var suite = new Argument<string>("suite") { Description = "Suite file to run through the worker now." };
        var db = CommonOptions.Db();
        var command = new Command("enqueue", "Queue a suite for the worker to run now.") { suite, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = Path.GetFullPath(parse.GetValue(suite)!);
            await Suites.SuiteLoader.LoadAsync(path, cancellationToken); // refuse an invalid suite before queueing it
            var store = await SqliteResultStore.OpenAsync(parse.GetValue(db)!, cancellationToken);
            var jobId = await store.EnqueueJobAsync(path, null, DateTimeOffset.UtcNow, cancellationToken);
            Console.WriteLine($"Queued job {jobId} for {path}");
            return 0;
        });
        return command;
    }

    private static async Task<string> ProgressAsync(SqliteResultStore store, string runId, CancellationToken cancellationToken)
    {
        var tasks = await store.GetRunTasksAsync(runId, cancellationToken);
        var pipelines = Math.Max(2, (await store.GetRunPipelinesAsync(runId, cancellationToken)).Select(p => p.Pipeline).Distinct().Count());
        var results = await store.GetResultsAsync(runId, cancellationToken);
        return $"{results.Count}/{tasks.Sum(t => t.Queries) * pipelines} ({results.Count(r => r.Error is not null)} failed)";
    }
}
