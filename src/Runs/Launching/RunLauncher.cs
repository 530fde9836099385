using LoftCompare.Corpora.Adapters;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Runs.Backends;
using LoftCompare.Eval.Statistics;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.Logging;
using LoftCompare.Runs.Execution;
using LoftCompare.Runs.Recording;
using LoftCompare.Runs.Reporting;

namespace LoftCompare.Runs.Launching;

/// <summary>
/// The one path from a suite to a recorded run and its report, shared by <c>run</c> and the worker so they cannot
/// drift: checks the reports folder, loads the suite (for a resume, the suite recorded with the run), builds its
/// environment, runs it with the suite's per-endpoint concurrency, and writes the report.
/// </summary>
public sealed class RunLauncher(IResultStore store, LoftCompareCatalog catalog, LoftCompareOptions options, TimeProvider clock, ILoggerFactory loggers, EncoderSessions? sessions = null, RunTelemetry? telemetry = null)
{
    /// <summary>
    /// A run silent this long is swept to failed, and may be resumed by another process. A live run marks itself alive
    /// every <see cref="ComparisonRunner.HeartbeatInterval"/>, and rides out a database outage for the store's retry
    /// budget before it gives up; so a heartbeat older than both (with a beat of margin) means its process has stopped,
    /// and a run stopped by an outage is resumable within a minute of stopping, not five.
    /// </summary>
    public static TimeSpan AbandonedAfter { get; } = LoftCompare.Results.Sql.TransientRetry.DefaultBudget + (2 * ComparisonRunner.HeartbeatInterval);

    /// <summary>
    /// Everything <c>run</c> checks before its first example, without running one: the suite file, its tokenizer,
    /// models and endpoints settings, and that each task's dataset loads. Used by <c>enqueue</c>.
    /// </summary>
    public async Task<IReadOnlyList<string>> ValidateAsync(string suitePath, CancellationToken cancellationToken)
    {
        var (suite, _) = await SuiteLoader.LoadAsync(suitePath, catalog.Vocabulary, cancellationToken);
        using var environment = RunEnvironment.Create(suite, suitePath, options.DataDir, catalog, loggers, sessions);
        var problems = new List<string>();
        await TaskSetLoader.LoadAsync(catalog.DatasetAdapters, suite, suitePath, catalog.Kinds, problems, cancellationToken);
        return problems;
    }

    public async Task<RunOutcome> RunAsync(RunLaunch launch, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ReportFolder.EnsureWritable(options.Out);
        var (suite, suitePath, suiteJson, succeeded) = await SuiteOfAsync(launch, cancellationToken);
        var summary = succeeded is { } done
            ? SummaryOf(done) // a worker died between the run's end and its report: only the bookkeeping is left
            : await ExecuteAsync(suite, suitePath, suiteJson, launch, progress, cancellationToken);
        if (summary.Interrupted)
        {
            return new RunOutcome(summary, null);
        }

        // Regressions against the suite's previous run were found once, when the run ended: the report leads with them, the alert sends them.
        var run = await store.GetRunAsync(summary.RunId, CancellationToken.None);
        var findings = run is null ? null : await RunAnalyses.ReadOrComputeAsync(store, run, CancellationToken.None);
        var (previous, regressions) = findings is null ? (null, []) : (findings.Analysis.PreviousRunId, findings.Analysis.Regressions);
        RunOutcome outcome;
        try
        {
            var reportPath = await new MarkdownReportWriter(catalog.Metrics).WriteAsync(store, summary.RunId, options.Out, CancellationToken.None, findings);
            outcome = new RunOutcome(summary, reportPath);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The run and every row are recorded; only the report is missing, and the caller says so (report --run can retry it).
            outcome = new RunOutcome(summary, null, $"the report for run {summary.RunId} could not be written to '{Path.GetFullPath(options.Out)}': {ex.GetType().Name}: {ex.Message}");
        }

        outcome = outcome with { PreviousRunId = previous, Regressions = regressions, FailOnRegression = suite.Alerts?.FailOnRegression == true };
        return run is null ? outcome : await AlertAsync(suite, run, outcome);
    }

    private async Task<RunSummary> ExecuteAsync(Suite suite, string suitePath, string suiteJson, RunLaunch launch, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        using var environment = RunEnvironment.Create(suite, suitePath, options.DataDir, catalog, loggers, sessions);
        var runner = new ComparisonRunner(launch.LeaseHeld is { } held ? new LeaseFencedStore(store, held) : store, catalog.DatasetAdapters, catalog.Metrics, clock, telemetry);
        return await runner.RunAsync(suite, suitePath, suiteJson, environment, progress, cancellationToken, launch);
    }

    /// <summary>A recorded, succeeded run as the summary its own pass returned: no rows written now.</summary>
    private static RunSummary SummaryOf(RunRecord run) => new(run.RunId, run.Status, 0, (int)(run.ExamplesFailed ?? 0), [])
    {
        Declined = (int)(run.ExamplesDeclined ?? 0),
        Planned = (int)(run.ExamplesPlanned ?? 0),
        Recorded = (int)(run.ExamplesPlanned ?? 0),
    };

    /// <summary>The webhook when the run regressed or failed; an unreachable webhook is said, never fatal.</summary>
    private async Task<RunOutcome> AlertAsync(Suite suite, RunRecord run, RunOutcome outcome)
    {
        var regressions = outcome.Regressions;
        if (suite.Alerts?.WebhookUrlEnv is not { } variable || (regressions.Count == 0 && outcome.Summary.Status == RunStatus.Succeeded))
        {
            return outcome;
        }

        var url = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(url))
        {
            return outcome with { AlertError = $"alerts.webhookUrlEnv names '{variable}', which is not set; no alert was sent" };
        }

        var error = await WebhookAlert.PostAsync(url, run, outcome, CancellationToken.None);
        if (error is not null)
        {
            loggers.CreateLogger<RunLauncher>().LogWarning("Alert webhook for run {RunId}: {Error}", run.RunId, error);
        }

        return outcome with { AlertError = error };
    }

    /// <summary>
    /// The suite cut to the tasks and query limit asked for, with its JSON rewritten to match, so the recorded suite is
    /// what ran (and what a resume runs).
    /// </summary>
    private static (Suite Suite, string Path, string Json) Narrowed(Suite suite, string path, string json, RunLaunch launch)
    {
        if (launch.Tasks.Count == 0 && launch.Limit is null && launch.Models.Count == 0)
        {
            return (suite, path, json);
        }

        var known = suite.Models.Readers.Concat(suite.Models.LongContexts).Distinct().ToList();
        var unknownModels = launch.Models.Where(m => !known.Contains(m)).ToList();
        if (unknownModels.Count > 0)
        {
            throw new SuiteException($"Suite file '{path}' has no model {string.Join(", ", unknownModels.Select(m => $"'{m}'"))}; its models: {string.Join(", ", known)}.");
        }

        var unknown = launch.Tasks.Where(t => suite.Tasks.All(s => s.Name != t)).ToList();
        if (unknown.Count > 0)
        {
            throw new SuiteException($"Suite file '{path}' has no task {string.Join(", ", unknown.Select(t => $"'{t}'"))}; its tasks: {string.Join(", ", suite.Tasks.Select(t => t.Name))}.");
        }

        if (launch.Limit is < 1)
        {
            throw new SuiteException("--limit must be at least 1 query per task.");
        }

        var tasks = suite.Tasks.Where(t => launch.Tasks.Count == 0 || launch.Tasks.Contains(t.Name))
            .Select(t => launch.Limit is { } limit ? t with { MaxQueries = Math.Min(t.MaxQueries ?? limit, limit) } : t)
            .ToList();
        IReadOnlyList<string> Keep(IReadOnlyList<string> models) => launch.Models.Count == 0 || !models.Any(launch.Models.Contains) ? models : models.Where(launch.Models.Contains).ToList();
        var narrowed = suite with { Tasks = tasks, Models = suite.Models with { Readers = Keep(suite.Models.Readers), LongContexts = Keep(suite.Models.LongContexts) } };
        return (narrowed, path, System.Text.Json.JsonSerializer.Serialize(narrowed, new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
    }

    /// <returns>The suite to run, and the recorded run when a leased job's run already succeeded (its worker died before the report).</returns>
    private async Task<(Suite Suite, string Path, string Json, RunRecord? Succeeded)> SuiteOfAsync(RunLaunch launch, CancellationToken cancellationToken)
    {
        if (launch.ResumeRunId is not { } runId)
        {
            var path = launch.SuitePath ?? throw new ArgumentException("A run needs a suite file or a run to resume.", nameof(launch));
            var (suite, json) = await SuiteLoader.LoadAsync(path, catalog.Vocabulary, cancellationToken);
            var (narrowed, narrowedPath, narrowedJson) = Narrowed(suite, path, json, launch);
            return (narrowed, narrowedPath, narrowedJson, null);
        }

        var run = await store.GetRunAsync(runId, cancellationToken)
            ?? throw new SuiteException($"Run '{runId}' is not in the results database; 'loftcompare query' can list the runs there.");
        if (run.Status == RunStatus.Succeeded && launch.HoldsLease)
        {
            return (SuiteLoader.Parse(run.SuiteJson, run.SuitePath, catalog.Vocabulary), run.SuitePath, run.SuiteJson, run);
        }

        if (run.Status == RunStatus.Succeeded)
        {
            throw new SuiteException($"Run '{runId}' already succeeded; there is nothing to resume.");
        }

        if (run.Status == RunStatus.Running && (run.HeartbeatAt ?? run.StartedAt) is var alive
            && clock.GetUtcNow() - alive < AbandonedAfter && !launch.HoldsLease)
        {
            throw new SuiteException($"Run '{runId}' is still running (last heartbeat {StoredText.Readable(alive)}); stop it first, or, if its process has ended, resume it from {StoredText.Readable(alive + AbandonedAfter)}.");
        }

        if (launch.Tasks.Count > 0 || launch.Limit is not null || launch.Models.Count > 0)
        {
            throw new SuiteException($"Run '{runId}' is resumed as recorded; --task, --model and --limit apply to new runs only.");
        }

        // The suite as it was recorded, read as if from its file, so a resumed run is the same run.
        return (SuiteLoader.Parse(run.SuiteJson, run.SuitePath, catalog.Vocabulary), run.SuitePath, run.SuiteJson, null);
    }
}
