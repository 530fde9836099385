using System.Diagnostics;

namespace LoftCompare.Worker.Tests;

/// <summary>The built <c>loftcompare</c> executable in its own process, as a user or a supervisor runs it.</summary>
public static class LoftCompareProcess
{
    /// <summary>Starts it with both output streams redirected and not yet read.</summary>
    public static Process Start(string? workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "loftcompare.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Starts it and hands every line it writes (stdout and stderr) to <paramref name="onLine"/>, so a test can wait on what it says.</summary>
    public static Process StartWatched(string? workingDirectory, IEnumerable<string> args, Action<string>? onLine = null)
    {
        var process = Start(workingDirectory, args);
        process.OutputDataReceived += (_, e) => onLine?.Invoke(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => onLine?.Invoke(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs it to the end; returns the exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string? workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
