using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LoftCompare.Worker.Tests.Commands;

/// <summary>Runs the built <c>loftcompare</c> executable as a user would, in its own process.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    private static async Task<(int ExitCode, string Stdout, string Stderr)> LoftCompareAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "loftcompare.dll"));
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Run_writes_the_database_and_a_report_and_exits_zero()
    {
        var suite = workspace.WriteSuite($$"""
            { "name": "cli", "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ] }
            """);

        var (exitCode, stdout, stderr) = await LoftCompareAsync(workspace.Root, "run", "--suite", suite, "--db", "out/results.db", "--out", "out/reports");

        Assert.True(exitCode == 0, stderr + stdout);
        Assert.Contains("4 rows (0 failed)", stdout);
        Assert.Single(Directory.GetFiles(Path.Combine(workspace.Root, "out", "reports"), "run-*.md"));
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(workspace.Root, "out", "results.db")};Pooling=False");
        Assert.Equal(4, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM results WHERE error IS NULL"));
    }

    [Fact]
    public async Task A_missing_suite_is_one_clear_line_on_stderr_and_a_nonzero_exit()
    {
        var (exitCode, _, stderr) = await LoftCompareAsync(workspace.Root, "run", "--suite", "nope.json");

        Assert.Equal(1, exitCode);
        Assert.Equal("error: Suite file 'nope.json' does not exist.", stderr.Trim());
    }

    public void Dispose() => workspace.Dispose();
}
