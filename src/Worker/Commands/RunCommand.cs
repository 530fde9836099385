using System.CommandLine;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Reports;
using LoftCompare.Eval.Results;
using LoftCompare.Worker.Runs;
using LoftCompare.Worker.Suites;
using Spectre.Console;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare run [--suite FILE] [--db PATH] [--out DIR]</c>: runs a suite now, writes the DB and the report.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var suiteOption = new Option<string>("--suite") { Description = "Suite file to run.", DefaultValueFactory = _ => Path.Combine("suites", "default.json") };
        var dbOption = CommonOptions.Db();
        var outOption = CommonOptions.Out();
        var dataOption = CommonOptions.DataDir();
        var command = new Command("run", "Run a suite's tasks through RAG and long context side by side, record every example and write a report.")
        {
            suiteOption, dbOption, outOption, dataOption,
        };
        command.SetAction((parse, cancellationToken) => ExecuteAsync(parse.GetValue(suiteOption)!, parse.GetValue(dbOption)!, parse.GetValue(outOption)!, parse.GetValue(dataOption)!, cancellationToken));
        return command;
    }

    private static async Task<RunSummary> RunWithProgressBarsAsync(ComparisonRunner runner, Suite suite, string suitePath, string suiteJson, RunEnvironment environment, CancellationToken cancellationToken)
    {
        RunSummary summary = null!;
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
                summary = await runner.RunAsync(suite, suitePath, suiteJson, environment, progress, cancellationToken);
            });
        return summary;
    }

    // Redirected output (CI, logs) gets one line per finished task and pipeline instead of redrawn bars.
    private static void ReportPlainProgress(RunProgress progress)
    {
        if (progress.Done == progress.Total)
        {
            Console.WriteLine($"{progress.TaskName} · {progress.Pipeline}: {progress.Done}/{progress.Total} examples recorded");
        }
    }

    private static async Task<int> ExecuteAsync(string suitePath, string dbPath, string outFolder, string dataDirectory, CancellationToken cancellationToken)
    {
        var (suite, suiteJson) = await SuiteLoader.LoadAsync(suitePath, cancellationToken);
        var store = await SqliteResultStore.OpenAsync(dbPath, cancellationToken);
        using var environment = RunEnvironment.Create(suite, suitePath, dataDirectory);
        var runner = new ComparisonRunner(store, DatasetAdapterRegistry.CreateDefault(), MetricRegistry.CreateDefault(), TimeProvider.System);
        var started = TimeProvider.System.GetTimestamp();

        var summary = AnsiConsole.Profile.Capabilities.Interactive
            ? await RunWithProgressBarsAsync(runner, suite, suitePath, suiteJson, environment, cancellationToken)
            : await runner.RunAsync(suite, suitePath, suiteJson, environment, new SynchronousProgress<RunProgress>(ReportPlainProgress), cancellationToken);

        var reportPath = await new MarkdownReportWriter().WriteAsync(store, summary.RunId, outFolder, cancellationToken);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        AnsiConsole.MarkupLine($"Run [bold]{summary.RunId}[/] {summary.Status}: {summary.RowsWritten} rows ({summary.FailedExamples} failed) in {elapsed.TotalSeconds:N1} s.");
        AnsiConsole.MarkupLine($"Database: {Markup.Escape(store.Path)}");
        AnsiConsole.MarkupLine($"Report:   {Markup.Escape(Path.GetFullPath(reportPath))}");
        foreach (var error in summary.TaskErrors)
        {
            await Console.Error.WriteLineAsync(error);
        }

        return summary.Status == "succeeded" ? 0 : 1;
    }
}
