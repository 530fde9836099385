using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LoftCompare.Storage.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: <c>initdb</c> in a temporary folder (as the <c>postgres</c> user when
/// running as root, since initdb refuses root), <c>pg_ctl</c> on a free loopback port with trust authentication,
/// stopped and deleted at the end. Each test class gets its own database.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "loftcompare-pg", Guid.NewGuid().ToString("N"));
    private int databases;

    public int Port { get; private set; }

    /// <summary>Where initdb and pg_ctl are, or null when PostgreSQL is not installed.</summary>
    public static string? BinDirectory { get; } = FindBinDirectory();

    public static string? SkipReason => BinDirectory is null
        ? "needs PostgreSQL's server binaries (initdb, pg_ctl): apt-get install -y postgresql (.ci/run does)"
        : null;

    public async Task InitializeAsync()
    {
        if (BinDirectory is null)
        {
            return; // every test that asks for a database is skipped with SkipReason
        }

        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, "data");
        var sockets = Path.Combine(folder, "sockets");
        Directory.CreateDirectory(sockets);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", "-R", "postgres:postgres", folder);
            // The postgres user must be able to reach the folder through the temporary directory.
            await RunAsync("chmod", "755", Path.GetDirectoryName(folder)!);
        }

        Port = FreePort();
        await PgAsync(asRoot, "initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C");
        await StartServerAsync();
    }

    /// <summary>Starts the server (again) on the same port and data: for tests of what a restart does to clients.</summary>
    public Task StartServerAsync()
        => PgAsync(Environment.UserName == "root", "pg_ctl", "-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "server.log"), "-w", "-t", "120", "-o",
            $"-p {Port} -k {Path.Combine(folder, "sockets")} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start");

    /// <summary>Stops the server as an operator's restart does (fast: sessions are terminated, 57P01).</summary>
    public Task StopServerAsync() => PgAsync(Environment.UserName == "root", "pg_ctl", "-D", Path.Combine(folder, "data"), "-m", "fast", "-w", "stop");

    /// <summary>A new, empty database on the cluster, as a <c>postgres://</c> URI.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var name = $"lc_{Interlocked.Increment(ref databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres");
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return $"postgres://postgres@127.0.0.1:{Port}/{name}";
    }

    public async Task DisposeAsync()
    {
        if (BinDirectory is not null && Port != 0)
        {
            try
            {
                await PgAsync(Environment.UserName == "root", "pg_ctl", "-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // already stopped
            }
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task PgAsync(bool asRoot, string tool, params string[] args)
    {
        var path = Path.Combine(BinDirectory!, tool);
        await (asRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args));
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>PostgreSQL's bin folder: <c>LOFTCOMPARE_POSTGRES_BIN</c> when set (a missing folder turns the tests off), else Debian's or PATH's.</summary>
    private static string? FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable("LOFTCOMPARE_POSTGRES_BIN") is { Length: > 0 } forced)
        {
            return File.Exists(Path.Combine(forced, "initdb")) ? forced : null;
        }

        // Debian's own folder first: pg_ctl finds the server binary beside itself.
        var candidates = (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")) : [])
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }
}

/// <summary>Tests that share one throwaway cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}

/// <summary>A test that needs PostgreSQL's server binaries: skipped, with the reason shown, where they are missing.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresCluster.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs PostgreSQL's server binaries: skipped, with the reason shown, where they are missing.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresCluster.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
