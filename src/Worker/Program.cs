using System.CommandLine;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Eval.Results;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Worker.Commands;
using LoftCompare.Worker.Suites;

// Redirected output (logs, pipes) gets wide tables instead of Spectre's 80-column default; COLUMNS wins when set.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 200;
}

var root = new RootCommand("loftcompare: RAG versus long-context comparisons on LOFT-style tasks, recorded in SQLite.")
{
    RunCommand.Create(),
    DatasetsCommand.Create(),
    ScoreCommand.Create(),
    QueryCommand.Create(),
    TradeoffsCommand.Create(),
    ReportCommand.Create(),
    WorkerCommand.Create(),
    ScheduleCommand.Create(),
    JobsCommand.Create(),
    JobsCommand.CreateEnqueue(),
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration
    {
        EnableDefaultExceptionHandler = false,
        // On SIGTERM/Ctrl-C the command's token is cancelled; give work in flight (an example, a worker's job) time to finish.
        ProcessTerminationTimeout = TimeSpan.FromMinutes(2),
    });
}
catch (Exception ex) when (ex is SuiteException or DatasetFormatException or UnknownDatasetAdapterException or IOException or InvalidOperationException
    or ArgumentException or QueryRefusedException or NotSupportedException or VectorIndexUnavailableException or Microsoft.Data.Sqlite.SqliteException)
{
    // One clear sentence on stderr; the details are in the message, which names the file and field.
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    // Stopped (Ctrl-C, SIGTERM) before any work was recorded.
    await Console.Error.WriteLineAsync("Stopped.");
    return 130;
}
