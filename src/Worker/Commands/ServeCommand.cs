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

    public static Command Create(CommandComposition composition)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on.", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Address to listen on; anything but loopback exposes the results to the network.", DefaultValueFactory = _ => "127.0.0.1" };
        var allowedHosts = new Option<string[]>("--allowed-host") { Description = "A host name the browser may reach the viewer by (repeatable); loopback names always may, any other Host: header is refused.", AllowMultipleArgumentsPerToken = true };
        var db = CommonOptions.Db();
        var reports = CommonOptions.Out();
        var command = new Command("serve", $"A read-only viewer of the results in the browser (runs, trade-offs, examples side by side) and a JSON API under /api; set {TokenVariable} to require a bearer token.") { port, host, allowedHosts, db, reports };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bind = parse.GetValue(host)!;
            var token = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } set ? set : null;
            if (!ViewerApp.IsLoopback(bind) && token is null)
            {
                await Console.Error.WriteLineAsync($"error: --host {bind} is not loopback: anyone who can reach it would read every result; set {TokenVariable} to require a token, or serve on 127.0.0.1.");
                return 1;
            }

            var store = await ResultsDatabase.OpenForReadingAsync(parse.GetValue(db)!, cancellationToken);
            var options = new ViewerOptions
            {
                Host = bind,
                Port = parse.GetValue(port),
                ReportsFolder = parse.GetValue(reports)!,
                Token = token,
                // A named address is a name the viewer is reached by; a wildcard is not (say which with --allowed-host).
                AllowedHosts = [.. parse.GetValue(allowedHosts) ?? [], .. bind is "0.0.0.0" or "::" or "*" ? [] : new[] { ViewerApp.UrlHost(bind) }],
            };

            await using var app = ViewerApp.Build(store, options, composition.Catalog);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                throw new LoftCompare.Results.UsageException($"cannot serve on {options.Host}:{options.Port}: the port is already in use; choose another with --port");
            }

            Console.WriteLine($"Serving {ResultsDatabase.Describe(store)} at {string.Join(", ", app.Urls)} (read-only){(options.Token is null ? string.Empty : ", token required")}; Ctrl-C or SIGTERM stops.");

            // The host's own lifetime takes SIGTERM and SIGINT (as under systemd): its stopping is the end.
            var stopped = new TaskCompletionSource();
            using var onStop = app.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
            using var onCancel = cancellationToken.Register(() => stopped.TrySetResult());
            await stopped.Task;
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
