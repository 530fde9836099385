using System.CommandLine;
using LoftCompare.Worker.Serving;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// <c>loftcompare serve [--db …] [--port 5080] [--host 127.0.0.1] [--out reports]</c>: the read-only browser viewer and
/// JSON API. Loopback unless a host is asked for (with a warning); a token from <c>LOFTCOMPARE_SERVE_TOKEN</c> guards it.
/// </summary>
public static class ServeCommand
{
    public const string TokenVariable = "LOFTCOMPARE_SERVE_TOKEN";

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port to listen on.", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Address to listen on; anything but loopback exposes the results to the network.", DefaultValueFactory = _ => "127.0.0.1" };
        var db = CommonOptions.Db();
        var reports = CommonOptions.Out();
        var command = new Command("serve", $"A read-only viewer of the results in the browser (runs, trade-offs, examples side by side) and a JSON API under /api; set {TokenVariable} to require a bearer token.") { port, host, db, reports };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await ResultsDatabase.OpenExistingAsync(parse.GetValue(db)!, cancellationToken);
            var options = new ViewerOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                ReportsFolder = parse.GetValue(reports)!,
                Token = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token ? token : null,
            };
            if (!ViewerApp.IsLoopback(options.Host))
            {
                await Console.Error.WriteLineAsync($"warning: listening on {options.Host}, not loopback: anyone who can reach it reads every result{(options.Token is null ? $"; set {TokenVariable} to require a token" : string.Empty)}.");
            }

            await using var app = ViewerApp.Build(store, options);
            await app.StartAsync(cancellationToken);
            Console.WriteLine($"Serving {ResultsDatabase.Describe(store)} at {string.Join(", ", app.Urls)} (read-only){(options.Token is null ? string.Empty : ", token required")}; Ctrl-C stops.");
            var stopped = new TaskCompletionSource();
            using var registration = cancellationToken.Register(() => stopped.TrySetResult());
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
            await stopped.Task;
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
