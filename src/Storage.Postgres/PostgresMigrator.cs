using LoftCompare.Results.Sql;
using Dapper;
using LoftCompare.Results;
using Npgsql;

namespace LoftCompare.Storage.Postgres;

/// <summary>
/// Applies the numbered scripts in <c>Migrations/</c> that the database has not seen, in one transaction under an
/// advisory lock (workers starting together migrate once), and refuses a database holding a newer migration.
/// </summary>
public static class PostgresMigrator
{
    private const long LockKey = 0x4C6F6674; // "Loft"

    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations() => MigrationScripts.In(typeof(PostgresMigrator).Assembly);

    /// <summary>Returns the versions applied now.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = LockKey }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)", transaction: transaction, cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();
        var scripts = Migrations();
        MigrationScripts.RefuseNewer(scripts, applied);

        var newlyApplied = new List<int>();
        foreach (var (version, name, sql) in scripts.Where(m => !applied.Contains(m.Version)))
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, now())", new { version, name }, transaction, cancellationToken: cancellationToken));
            newlyApplied.Add(version);
        }

        await transaction.CommitAsync(cancellationToken);
        return newlyApplied;
    }
}
