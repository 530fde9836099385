using System.CommandLine;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Results;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Worker.Commands;
using LoftCompare.Runs.Suites;

// Redirected output (logs, pipes) gets wide tables instead of Spectre's 80-column default; COLUMNS wins when set.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 200;
}

// SIGINT/SIGTERM stop a run gracefully once 'run' arms it; other commands keep the default.
using var stopSignal = new StopSignal();

// OpenTelemetry traces and metrics of runs, only when LOFTCOMPARE_OTEL asks for them.
IDisposable? telemetry;
try
{
    telemetry = LoftCompare.Worker.Hosting.TelemetrySetup.FromEnvironment();
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}

using var telemetryScope = telemetry;

var root = new RootCommand("loftcompare: RAG versus long-context comparisons on LOFT-style tasks, recorded in SQLite.")
{
    RunCommand.Create(stopSignal),
    DatasetsCommand.Create(),
    ScoreCommand.Create(),
    QueryCommand.Create(),
    TradeoffsCommand.Create(),
    ReportCommand.Create(),
    WorkerCommand.Create(),
    ScheduleCommand.Create(),
    JobsCommand.Create(),
    JobsCommand.CreateEnqueue(),
    ExportCommand.Create(),
    ServingCostCommand.Create(),
    ServeCommand.Create(),
    ExportRunCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration
    {
        EnableDefaultExceptionHandler = false,
        // Signals are handled where a command stops gracefully: 'run' through StopSignal, 'worker' through its host's
        // lifetime. The command line's own handler would block the signal thread until the command ends.
        ProcessTerminationTimeout = null,
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
