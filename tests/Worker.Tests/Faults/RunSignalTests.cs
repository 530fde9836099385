using System.Diagnostics;
using Dapper;
using LoftCompare.Results;
using LoftCompare.Pipelines.Tests.Models;
using Microsoft.Data.Sqlite;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Worker.Tests.Faults;

/// <summary>Ctrl-C and SIGTERM on <c>loftcompare run</c>, in a real process (docs/reliability.md). Waits on events, never on time.</summary>
public sealed class RunSignalTests : IDisposable
{
    private readonly TestWorkspace workspace = new();
    private readonly LocalOpenAiServer server = new();

    [Theory]
    [InlineData(2, 130)] // SIGINT
    [InlineData(15, 143)] // SIGTERM
    public async Task A_signal_lets_the_example_in_flight_finish_marks_the_run_cancelled_and_resume_completes_it(int signal, int exitCode)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Holds(arrived, release.Task, "Final Answer: ['Congress']").ByDefaultStreams("Final Answer: ['Congress']");
        var suite = workspace.WriteSuite($$"""
            {
              "name": "signals",
              "pipelines": ["long-context"],
              "models": { "longContext": "local-llm" },
              "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m" } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 3 } ]
            }
            """);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = Start("run", "--suite", suite, "--db", workspace.DbPath, "--out", workspace.ReportFolder, "--data-dir", workspace.DataDirectory);
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Stopping after the examples in flight", StringComparison.Ordinal) == true)
            {
                stopping.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();

        await arrived.Task.WaitAsync(TimeSpan.FromMinutes(3)); // the first example is in flight
        using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        await stopping.Task.WaitAsync(TimeSpan.FromMinutes(3)); // the run has seen the signal
        release.SetResult(); // only now does the example in flight finish
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);

        Assert.True(exitCode == process.ExitCode, $"exit {process.ExitCode}\n{stderr}\n{await stdout}");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var run = (await store.GetLatestRunAsync())!;
        Assert.Equal(RunStatus.Cancelled, run.Status);
        var kept = Assert.Single(await store.GetResultsAsync(run.RunId)); // the example in flight was recorded, no other started
        Assert.Equal(ExampleOutcome.Succeeded, kept.Outcome);
        Assert.DoesNotContain("Unhandled exception", stderr.ToString());

        using var resume = Start("run", "--resume", run.RunId, "--db", workspace.DbPath, "--out", workspace.ReportFolder, "--data-dir", workspace.DataDirectory);
        var resumedOut = await resume.StandardOutput.ReadToEndAsync();
        await resume.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);

        Assert.True(resume.ExitCode == 0, resumedOut + await resume.StandardError.ReadToEndAsync());
        Assert.Equal(RunStatus.Succeeded, (await store.GetRunAsync(run.RunId))!.Status);
        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath));
        Assert.Equal(3, await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT query_id) FROM results WHERE run_id = @id AND outcome = 'succeeded'", new { id = run.RunId }));
    }

    public void Dispose()
    {
        server.Dispose();
        workspace.Dispose();
    }

    private static Process Start(params string[] args) => LoftCompareProcess.Start(null, args);
}
