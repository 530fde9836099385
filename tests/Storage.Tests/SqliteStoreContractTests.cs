using Dapper;
using LoftCompare.Results;
using Microsoft.Data.Sqlite;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Storage.Tests;

/// <summary>The store contract on SQLite, the embedded default.</summary>
public sealed class SqliteStoreContractTests : ResultStoreContract, IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(folder, "results.db");

    protected override async Task<IResultStore> NewStoreAsync() => await SqliteResultStore.OpenAsync(DbPath);

    protected override async Task<IResultStore> ReopenAsync() => await SqliteResultStore.OpenAsync(DbPath);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(DbPath));
        await connection.ExecuteAsync(sql);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
