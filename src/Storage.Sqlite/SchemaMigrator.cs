using LoftCompare.Results.Sql;
using LoftCompare.Results;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LoftCompare.Storage.Sqlite;

/// <summary>Applies the numbered SQL scripts in <c>Migrations/</c> that the database has not seen yet, each in its own transaction.</summary>
public sealed class SchemaMigrator
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations() => MigrationScripts.In(typeof(SchemaMigrator).Assembly);

    /// <summary>Applies pending migrations up to <paramref name="targetVersion"/> (all when null); returns the versions applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(SqliteConnection connection, int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations")).ToHashSet();
        var scripts = Migrations();
        MigrationScripts.RefuseNewer(scripts, applied);

        var newlyApplied = new List<int>();
        foreach (var (version, name, sql) in scripts)
        {
            if (applied.Contains(version) || version > targetVersion)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @appliedAt)",
                new { version, name, appliedAt = DateTimeOffset.UtcNow.ToString("O") },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            newlyApplied.Add(version);
        }

        return newlyApplied;
    }
}
