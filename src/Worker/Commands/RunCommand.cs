using LoftCompare.Runs.Execution;
using System.CommandLine;
using System.Globalization;
using LoftCompare.Results;
using LoftCompare.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using LoftCompare.Runs.Launching;
using LoftCompare.Eval.Reports;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// <c>loftcompare run [--suite FILE | --resume RUN_ID] [--db PATH] [--out DIR]</c>: runs a suite now, writes the DB and the report.
/// Exit code 0 only when the run succeeded; 1 when it failed (with counts); 130/143 when Ctrl-C or SIGTERM stopped it,
/// after the examples in flight were recorded (the run is then cancelled and resumable).
/// </summary>
public static class RunCommand
{
    /// <param name="stopSignal">Tells which signal stopped the run, for the exit code.</param>
    public static Command Create(CommandComposition composition, StopSignal stopSignal)
    {
        var suiteOption = new Option<string>("--suite") { Description = "Suite file to run.", DefaultValueFactory = _ => Path.Combine("suites", "default.json") };
        var resumeOption = new Option<string?>("--resume") { Description = "Continue a cancelled or failed run (its recorded suite): recorded examples are kept, failed and missing ones are run." };
        var maxFailedOption = new Option<double>("--max-failed-fraction")
        {
            Description = "Failed examples tolerated (fraction of those not declined, 0–1) before the run counts as failed.",
            DefaultValueFactory = _ => 0,
        };
        maxFailedOption.Validators.Add(result =>
        {
            if (result.GetValue(maxFailedOption) is < 0 or > 1)
            {
                result.AddError("Option '--max-failed-fraction' must be between 0 and 1.");
            }
        });
        var taskOption = new Option<string[]>("--task") { Description = "Only this task of the suite (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var modelOption = new Option<string[]>("--model") { Description = "Only this model among the suite's readers and long-context models (repeat for several).", AllowMultipleArgumentsPerToken = true };
        var limitOption = new Option<int?>("--limit") { Description = "At most N queries per task (below the suite's maxQueries)." };
        var failOnRegressionOption = new Option<bool>("--fail-on-regression") { Description = "Exit 2 when the run regressed against the suite's previous run (quality drop, cost or latency jump, newly failing examples)." };
        var dbOption = CommonOptions.Db();
        var outOption = CommonOptions.Out();
        var dataOption = CommonOptions.DataDir();
        var command = new Command("run", "Run a suite's tasks through RAG and long context side by side, record every example and write a report.")
        {
            suiteOption, resumeOption, taskOption, modelOption, limitOption, maxFailedOption, failOnRegressionOption, dbOption, outOption, dataOption,
        };
        command.SetAction((parse, cancellationToken) => ExecuteAsync(
            composition,
            new RunLaunch
            {
                SuitePath = parse.GetValue(suiteOption)!,
                ResumeRunId = parse.GetValue(resumeOption),
                MaxFailedFraction = parse.GetValue(maxFailedOption),
                Tasks = parse.GetValue(taskOption) ?? [],
                Models = parse.GetValue(modelOption) ?? [],
                Limit = parse.GetValue(limitOption),
            },
            parse.GetValue(dbOption)!,
            parse.GetValue(outOption)!,
            parse.GetValue(dataOption)!,
            stopSignal,
            parse.GetValue(failOnRegressionOption)));
        return command;
    }

    private static async Task<int> ExecuteAsync(CommandComposition composition, RunLaunch launch, string dbPath, string outFolder, string dataDirectory, StopSignal signal, bool failOnRegression)
    {
        // SIGINT/SIGTERM stop the run: examples in flight finish and are recorded, then the run ends cancelled.
        launch = launch with { StopRequested = signal.Arm(), RefuseWhenNothingLoads = true };
        var store = await ResultsDatabase.OpenAsync(dbPath);
        foreach (var abandoned in await store.SweepAbandonedRunsAsync(TimeProvider.System.GetUtcNow(), RunLauncher.AbandonedAfter))
        {
            await Console.Error.WriteLineAsync($"warning: run {abandoned} was left running by a process that ended; marked failed (resume it with --resume {abandoned}).");
        }

        // Warnings (a repaired cache, say) go to stderr, one line each.
        await using var services = composition.RunServices(store, new LoftCompareOptions { DataDir = dataDirectory, Out = outFolder })
            .AddLogging(b =>
            {
                b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true);
                b.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            })
            .BuildServiceProvider();
        var launcher = services.GetRequiredService<RunLauncher>();
        var started = TimeProvider.System.GetTimestamp();
        var outcome = AnsiConsole.Profile.Capabilities.Interactive
            ? await RunWithProgressBarsAsync(launcher, launch)
            : await launcher.RunAsync(launch, new SynchronousProgress<RunProgress>(new PlainProgress(Console.Out, TimeProvider.System, PlainProgressEvery()).Report));

        var summary = outcome.Summary;
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        var counts = $"{summary.Recorded}/{summary.Planned} examples recorded, {summary.FailedExamples} failed, {summary.Declined} declined (n/a)";
        AnsiConsole.MarkupLine($"Run [bold]{summary.RunId}[/] {(summary.Interrupted ? "interrupted" : StoredText.Of(summary.Status))}: {counts}; {summary.RowsWritten} rows written in {elapsed.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture)} s.");
        AnsiConsole.MarkupLine($"Database: {Markup.Escape(ResultsDatabase.Describe(store))}");
        if (outcome.ReportPath is { } reportPath)
        {
            AnsiConsole.MarkupLine($"Report:   {Markup.Escape(Path.GetFullPath(reportPath))}");
        }

        if (summary.Interrupted)
        {
            await Console.Error.WriteLineAsync($"Stopped by {signal.Name}: run {summary.RunId} is cancelled with its recorded examples kept; continue it with 'loftcompare run --resume {summary.RunId}'.");
            return signal.ExitCode;
        }

        if (summary.Reason is { } reason)
        {
            await Console.Error.WriteLineAsync($"error: run {summary.RunId} failed: {reason}");
        }

        await SayFailureCausesAsync(store, summary);

        if (outcome.ReportError is { } reportError)
        {
            await Console.Error.WriteLineAsync($"error: {reportError}; 'loftcompare report --run {summary.RunId}' writes it again.");
        }

        foreach (var regression in outcome.Regressions)
        {
            await Console.Error.WriteLineAsync($"regression since run {outcome.PreviousRunId}: {regression.TaskName} · {regression.Pipeline} · {regression.ModelId}: {regression.Detail}");
        }

        if (outcome.AlertError is { } alertError)
        {
            await Console.Error.WriteLineAsync($"warning: {alertError}");
        }

        if (summary.Status != RunStatus.Succeeded || outcome.ReportError is not null)
        {
            return 1;
        }

        // Exit 2: the run itself succeeded, but it regressed and the caller (or the suite) asked to fail on that.
        return outcome.Regressions.Count > 0 && (failOnRegression || outcome.FailOnRegression) ? 2 : 0;
    }

    private static async Task<RunOutcome> RunWithProgressBarsAsync(RunLauncher launcher, RunLaunch launch)
    {
        RunOutcome outcome = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bars = new Dictionary<(string, string), ProgressTask>();
                var progress = new SynchronousProgress<RunProgress>(p =>
                {
                    if (!bars.TryGetValue((p.TaskName, p.Pipeline), out var bar))
                    {
                        bar = context.AddTask(Markup.Escape($"{p.TaskName} · {p.Pipeline}"), maxValue: p.Total);
                        bars[(p.TaskName, p.Pipeline)] = bar;
                    }

                    bar.Value = p.Done;
                });
                outcome = await launcher.RunAsync(launch, progress);
            });
        return outcome;
    }

    // Redirected output (CI, logs) gets plain lines instead of redrawn bars.
    /// <summary>How often a run without a terminal prints a progress line: <c>LOFTCOMPARE_PROGRESS_SECONDS</c>, 10 s by default.</summary>
    private static TimeSpan PlainProgressEvery()
        => TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("LOFTCOMPARE_PROGRESS_SECONDS"), CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 10);

    /// <summary>What the failed examples failed of, by cause, on stderr (the rows hold each one; a person wants the why first).</summary>
    private static async Task SayFailureCausesAsync(IResultStore store, RunSummary summary)
    {
        if (summary.FailedExamples == 0 || await store.GetRunAsync(summary.RunId) is not { } run || await RunAnalyses.ReadAsync(store, run) is not { } findings)
        {
            return;
        }

        foreach (var cause in findings.Analysis.FailureKinds.Take(3))
        {
            var example = findings.Analysis.FirstFailures.Select(f => f.Error).FirstOrDefault(e => e is not null && MarkdownReportWriter.ErrorKind(e) == cause.Kind);
            var detail = example is null ? string.Empty : $": {TerminalText.Clean(example.Length <= 240 ? example : example[..240] + "…")}";
            await Console.Error.WriteLineAsync($"  {cause.Examples} of {summary.Recorded} failed on {string.Join(", ", cause.Lines)}{detail}");
        }
    }
}
