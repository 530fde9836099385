using Dapper;
using LoftCompare.Results;
using LoftCompare.Storage.Postgres;
using Npgsql;

namespace LoftCompare.Storage.Tests;

/// <summary>The store contract on a real PostgreSQL 15 server (a throwaway cluster on loopback).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresCluster cluster) : ResultStoreContract
{
    private string? db;

    protected override async Task<IResultStore> NewStoreAsync()
    {
        db = await cluster.CreateDatabaseAsync();
        return await PostgresResultStore.OpenAsync(db);
    }

    protected override async Task<IResultStore> ReopenAsync() => await PostgresResultStore.OpenAsync(db!);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresConnection.Parse(db!).Builder.ConnectionString);
        await connection.ExecuteAsync(sql);
    }
}
