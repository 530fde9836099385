using LoftCompare.Results;
using Npgsql;

namespace LoftCompare.Storage.Postgres;

/// <summary>
/// Reading <c>--db</c> for PostgreSQL, and saying in words what a connection error means. The password never comes
/// from <c>--db</c>: Npgsql takes it from <c>PGPASSWORD</c> or the passfile (<c>PGPASSFILE</c>, <c>~/.pgpass</c>).
/// </summary>
public static class PostgresConnection
{
    /// <summary>Whether a <c>--db</c> value names a PostgreSQL database (a <c>postgres://</c>/<c>postgresql://</c> URI or an Npgsql connection string with a host).</summary>
    public static bool IsPostgres(string db)
        => db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || (db.Contains('=') && db.Contains("host", StringComparison.OrdinalIgnoreCase) && db.Contains(';'));

    /// <summary>The Npgsql settings for a URI (<c>postgres://user@host:port/database</c>) or a connection string, and a name for messages without any secret.</summary>
    /// <exception cref="ArgumentException">Malformed, or it carries a password.</exception>
    public static (NpgsqlConnectionStringBuilder Builder, string Name) Parse(string db)
    {
        NpgsqlConnectionStringBuilder builder;
        if (db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(db, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            {
                throw new UsageException($"--db '{db}' is not a PostgreSQL URI; write postgres://user@host:port/database.");
            }

            var userInfo = Uri.UnescapeDataString(uri.UserInfo);
            var parameters = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Uri.UnescapeDataString(p.Split('=', 2)[0]).ToLowerInvariant()).ToList();
            if (userInfo.Contains(':') || parameters.Contains("password"))
            {
                throw new UsageException("--db must not carry a password: put it in PGPASSWORD or a passfile (~/.pgpass), so it is never stored or printed.");
            }

            builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
                Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } database ? Uri.UnescapeDataString(database) : null,
                Username = userInfo.Length > 0 ? userInfo : null,
            };
        }
        else
        {
            try
            {
                builder = new NpgsqlConnectionStringBuilder(db);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"--db is not a valid Npgsql connection string: {ex.Message}", ex);
            }

            if (!string.IsNullOrEmpty(builder.Password))
            {
                throw new UsageException("--db must not carry a password: put it in PGPASSWORD or a passfile (~/.pgpass), so it is never stored or printed.");
            }
        }

        builder.ApplicationName ??= "loftcompare";
        var name = $"postgres://{(builder.Username is { Length: > 0 } user ? user + "@" : string.Empty)}{builder.Host}:{builder.Port}/{builder.Database}";
        return (builder, name);
    }

    /// <summary>
    /// Errors a moment later may not have: the server restarting or shutting a connection (57P01/57P02/57P03), an idle
    /// connection dropped (57P05, or a proxy's reset), too many connections (53300), a broken connection (08xxx, I/O,
    /// refused), a serialization failure or deadlock (40001/40P01). A full disk or a wrong schema is not among them.
    /// </summary>
    public static bool IsTransient(System.Data.Common.DbException ex) => ex switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" or "57P05" or "53300" or "40001" or "40P01" || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    /// <summary>A connection or server error as one sentence naming the database.</summary>
    public static ResultsDatabaseException Describe(string name, NpgsqlException ex) => new(
        name,
        ex switch
        {
            PostgresException { SqlState: "28P01" or "28000" } pg => $"refused the login ({pg.MessageText}); set PGPASSWORD or a passfile for this user",
            PostgresException { SqlState: "3D000" } => "does not exist; create it first (createdb)",
            PostgresException { SqlState: "25006" } => "is read-only (a standby, or default_transaction_read_only is on)",
            PostgresException { SqlState: "57014" } => "cancelled the statement (statement_timeout)",
            PostgresException { SqlState: "53100" } => "cannot be written: the server's disk is full",
            PostgresException pg => $"failed: {pg.SqlState}: {pg.MessageText}",
            _ when ex.InnerException is System.Net.Sockets.SocketException socket => $"cannot be reached ({socket.Message})",
            _ when ex.InnerException is TimeoutException => "did not answer in time",
            _ => $"failed: {ex.Message}",
        },
        ex) { Transient = IsTransient(ex) };
}
