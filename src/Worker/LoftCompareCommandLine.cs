using System.CommandLine;
using System.Data.Common;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Shipped;
using LoftCompare.Eval.Costs.Serving;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Models;
using LoftCompare.Results;
using LoftCompare.Runs.Suites;
using LoftCompare.Worker.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace LoftCompare.Worker;

/// <summary>
/// The <c>loftcompare</c> command line over one composition. The executable calls <see cref="InvokeAsync"/> with no
/// plug-ins; a team's host calls it with its own (<c>services.AddTaskKind(…)</c>, an <c>IDatasetAdapter</c>, a model
/// backend), and every command then knows them.
/// </summary>
public static class LoftCompareCommandLine
{
    /// <summary>The exit code of a failure that is not the user's: a bug to report (sysexits' EX_SOFTWARE).</summary>
    public const int UnexpectedExit = 70;

    /// <param name="plugins">What the host registers before the built-in catalog is composed.</param>
    public static async Task<int> InvokeAsync(string[] args, Action<IServiceCollection>? plugins = null)
    {
        // Redirected output (logs, pipes) gets wide tables instead of Spectre's 80-column default; COLUMNS wins when set.
        if (Console.IsOutputRedirected)
        {
            Spectre.Console.AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 200;
        }

        // SIGINT/SIGTERM stop a run gracefully once 'run' arms it; other commands keep the default.
        using var stopSignal = new StopSignal();
        await using var composition = new CommandComposition(plugins);
        var verbose = new Option<bool>("--verbose") { Description = "On an unexpected error, print its stack trace.", Recursive = true };
        var root = Create(composition, stopSignal);
        root.Options.Add(verbose);
        var parse = root.Parse(args);
        if (CommandLineErrors.Report(parse, Console.Error) is var mistaken and not 0)
        {
            return mistaken;
        }

        try
        {
            // OpenTelemetry traces and metrics of runs, only when LOFTCOMPARE_OTEL asks for them.
            using var telemetry = Hosting.TelemetrySetup.FromEnvironment();
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // Signals are handled where a command stops gracefully: 'run' through StopSignal, 'worker' through its host's
                // lifetime. The command line's own handler would block the signal thread until the command ends.
                ProcessTerminationTimeout = null,
            });
        }
        catch (OperationCanceledException)
        {
            // Stopped (Ctrl-C, SIGTERM) before any work was recorded.
            await Console.Error.WriteLineAsync("Stopped.");
            return 130;
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            // One clear sentence on stderr; the details are in the message, which names the file, field or option.
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync(parse.GetValue(verbose)
                ? $"error: unexpected {ex}"
                : $"error: unexpected {ex.GetType().FullName}: {ex.Message}\nThis is a bug in loftcompare: please report it with the command you ran and its output with --verbose (which adds the stack trace).");
            return UnexpectedExit;
        }
    }

    /// <summary>Every command, each resolving what it names from <paramref name="composition"/>.</summary>
    public static RootCommand Create(CommandComposition composition, StopSignal stopSignal) => new("loftcompare: RAG versus long-context comparisons on LOFT-style tasks, recorded in SQLite or PostgreSQL.")
    {
        RunCommand.Create(composition, stopSignal),
        DatasetsCommand.Create(composition),
        ScoreCommand.Create(composition),
        QueryCommand.Create(),
        TradeoffsCommand.Create(),
        ReportCommand.Create(composition),
        WorkerCommand.Create(composition),
        ScheduleCommand.Create(composition),
        JobsCommand.Create(),
        JobsCommand.CreateEnqueue(composition),
        ExportCommand.Create(),
        ServingCostCommand.Create(),
        ServeCommand.Create(composition),
        ExportRunCommand.Create(),
    };

    /// <summary>
    /// What the user can fix: their suite, dataset, option values, files, database or endpoint. Everything else (a null
    /// reference, an argument a caller got wrong) is the code's fault and is said to be.
    /// </summary>
    public static bool IsUserError(Exception ex) => ex is UsageException or SuiteException or DatasetFormatException or UnknownDatasetAdapterException
        or IOException or UnauthorizedAccessException or QueryRefusedException or VectorIndexUnavailableException or DbException or DatabaseSchemaTooNewException
        or LocalModelException or TaskKindNotSupportedException or DatasetBuildException or CardException;
}
