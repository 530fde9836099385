using System.CommandLine;
using LoftCompare.Eval.Reports;
using LoftCompare.Eval.Results;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare report [--run ID | --last] [--compare ID] [--trend SUITE --days N] [--out DIR] [--db PATH]</c>.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "Run to report on." };
        var last = new Option<bool>("--last") { Description = "Report on the latest run (the default)." };
        var compare = new Option<string?>("--compare") { Description = "An older run to compare the report's run with." };
        var trend = new Option<string?>("--trend") { Description = "Suite name: report the trend over its recent runs." };
        var days = new Option<int>("--days") { Description = "How far back --trend looks.", DefaultValueFactory = _ => 30 };
        var db = CommonOptions.Db();
        var output = CommonOptions.Out();
        var command = new Command("report", "Write a run report (with charts), a comparison of two runs, or a suite's trend.") { run, last, compare, trend, days, db, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dbPath = parse.GetValue(db)!;
            if (parse.GetValue(run) is not null && parse.GetValue(last))
            {
                throw new ArgumentException("Give --run ID or --last, not both.");
            }

            var store = await ResultsDatabase.OpenExistingAsync(dbPath, cancellationToken);
            var outFolder = parse.GetValue(output)!;
            string path;
            if (parse.GetValue(trend) is { } suite)
            {
                path = await new HistoryReportWriter(store).WriteTrendAsync(suite, parse.GetValue(days), DateTimeOffset.UtcNow, outFolder, cancellationToken);
            }
            else
            {
                var runId = parse.GetValue(run) ?? (await store.GetLatestRunAsync(cancellationToken))?.RunId ?? throw new InvalidOperationException($"'{dbPath}' holds no runs yet.");
                path = parse.GetValue(compare) is { } older
                    ? await new HistoryReportWriter(store).WriteComparisonAsync(runId, older, outFolder, cancellationToken)
                    : await new MarkdownReportWriter().WriteAsync(store, runId, outFolder, cancellationToken);
            }

            Console.WriteLine(Path.GetFullPath(path));
            return 0;
        });
        return command;
    }
}
