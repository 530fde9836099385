using System.CommandLine;
using LoftCompare.Results;
using Microsoft.Extensions.DependencyInjection;
using LoftCompare.Runs;
using LoftCompare.Runs.Suites;
using Spectre.Console;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare jobs [--run ID] [--db PATH]</c> and <c>loftcompare enqueue SUITE [--db PATH]</c>.</summary>
public static class JobsCommand
{
    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "Only the job of this run." };
        var db = CommonOptions.Db();
        var format = Listing.FormatOption();
        var command = new Command("jobs", "List jobs: status, lease, run, progress (examples recorded) and errors.") { run, db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await ResultsDatabase.OpenExistingAsync(parse.GetValue(db)!, cancellationToken);
            var listing = new Listing("job", "suite", "slot", "status", "attempts", "lease", "run", "progress", "error");
            foreach (var job in await ResultsDatabase.QueueOf(store).GetJobsAsync(parse.GetValue(run), cancellationToken))
            {
                var progress = job.RunId is null ? string.Empty : await ProgressAsync(store, job.RunId, cancellationToken);
                listing.Add(
                    job.JobId,
                    Path.GetFileName(job.SuitePath),
                    job.ScheduleSlot ?? "manual",
                    StoredText.Of(job.Status),
                    job.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture) + (job.NotBefore is { } notBefore && job.Status == JobStatus.Queued ? $" (retry after {StoredText.Readable(notBefore)})" : string.Empty),
                    job.LeaseOwner is null ? string.Empty : $"{job.LeaseOwner} until {StoredText.Readable(job.LeaseExpiresAt)}",
                    job.RunId,
                    progress,
                    job.Error);
            }

            listing.Write(parse.GetValue(format)!);
            return 0;
        });
        return command;
    }

    public static Command CreateEnqueue(CommandComposition composition)
    {
        var suite = new Argument<string>("suite") { Description = "Suite file to run through the worker now." };
        var db = CommonOptions.Db();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("enqueue", "Check a suite as 'run' would, then queue it for the worker to run now.") { suite, db, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = Path.GetFullPath(parse.GetValue(suite)!);
            var store = await ResultsDatabase.OpenAsync(parse.GetValue(db)!, cancellationToken);

            // The same checks as 'run' makes before its first example, so a broken suite is refused here, not by a worker at night.
            await using var services = composition.RunServices(store, new LoftCompareOptions { DataDir = parse.GetValue(dataDir)! }).BuildServiceProvider();
            var problems = await services.GetRequiredService<RunLauncher>().ValidateAsync(path, cancellationToken);
            if (problems.Count > 0)
            {
                throw new SuiteException($"Suite file '{path}' cannot run: {string.Join("; ", problems)}");
            }

            var (loaded, _) = await SuiteLoader.LoadAsync(path, services.GetRequiredService<LoftCompareCatalog>().Vocabulary, cancellationToken);
            var jobId = await ResultsDatabase.QueueOf(store).EnqueueJobAsync(path, loaded.Name, null, DateTimeOffset.UtcNow, cancellationToken);
            Console.WriteLine($"Queued job {jobId} for {path}");
            return 0;
        });
        return command;
    }

    /// <summary>Examples recorded out of those the run planned (every task × pipeline × query), failures and declines.</summary>
    private static async Task<string> ProgressAsync(IRunQueries store, string runId, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(runId, cancellationToken);
        var results = await store.GetResultsAsync(runId, cancellationToken);
        var planned = run?.ExamplesPlanned is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        var declined = results.Count(r => r.Outcome == ExampleOutcome.Declined);
        return $"{results.Count}/{planned} ({results.Count(r => r.Outcome == ExampleOutcome.Failed)} failed{(declined > 0 ? $", {declined} declined" : string.Empty)})";
    }
}
