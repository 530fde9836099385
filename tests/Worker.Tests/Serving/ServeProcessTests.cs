using System.Diagnostics;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Worker.Tests.Serving;

/// <summary><c>loftcompare serve</c> as a real process: it stops on SIGTERM (as <c>systemctl stop</c> sends) and will not expose results without a token.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2); // only a hung process reaches it; no assertion is timed
    private readonly TestWorkspace workspace = new();

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Serve_stops_cleanly_on_a_signal(string signal)
    {
        await SqliteResultStore.OpenAsync(workspace.DbPath);
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var serve = LoftCompareProcess.StartWatched(workspace.Root, ["serve", "--db", workspace.DbPath, "--port", "0"], line =>
        {
            if (line.StartsWith("Serving ", StringComparison.Ordinal))
            {
                serving.TrySetResult();
            }
        });
        await serving.Task.WaitAsync(HangGuard);

        using (var kill = Process.Start("kill", [$"-{signal}", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await serve.WaitForExitAsync().WaitAsync(HangGuard);
        Assert.Equal(0, serve.ExitCode);
    }

    [Fact]
    public async Task A_non_loopback_bind_without_a_token_is_refused()
    {
        await SqliteResultStore.OpenAsync(workspace.DbPath);

        var (exitCode, _, stderr) = await LoftCompareProcess.RunAsync(workspace.Root, "serve", "--db", workspace.DbPath, "--host", "0.0.0.0", "--port", "0");

        Assert.Equal(1, exitCode);
        Assert.Equal("error: --host 0.0.0.0 is not loopback: anyone who can reach it would read every result; set LOFTCOMPARE_SERVE_TOKEN to require a token, or serve on 127.0.0.1.", stderr.Trim());
    }

    [Fact]
    public async Task A_port_already_in_use_is_one_line_not_a_stack_trace()
    {
        await SqliteResultStore.OpenAsync(workspace.DbPath);
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, _, stderr) = await LoftCompareProcess.RunAsync(workspace.Root, "serve", "--db", workspace.DbPath, "--port", port);

        Assert.Equal(1, exitCode);
        Assert.Equal($"error: cannot serve on 127.0.0.1:{port}: the port is already in use; choose another with --port", stderr.Trim());
    }

    public void Dispose() => workspace.Dispose();
}
