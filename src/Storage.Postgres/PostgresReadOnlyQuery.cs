using LoftCompare.Eval.Results;
using Npgsql;

namespace LoftCompare.Storage.Postgres;

/// <summary>
/// <c>loftcompare query</c> on PostgreSQL: one statement, sent unparsed (a batch command, so a second statement is the
/// server's syntax error, never run), inside a <c>READ ONLY</c> transaction with a <c>statement_timeout</c>, rolled back.
/// </summary>
public static class PostgresReadOnlyQuery
{
    public static async Task<QueryResult> RunAsync(string db, string sql, int maxRows = 10_000, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var (builder, name) = PostgresConnection.Parse(db);
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var setup = new NpgsqlCommand($"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {(long)limit.TotalMilliseconds}", connection, transaction))
            {
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { new NpgsqlBatchCommand(sql) } };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            return await QueryResult.ReadAsync(reader, maxRows, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == "25006")
        {
            throw new QueryRefusedException($"Refused: writing is not allowed; 'loftcompare query' only reads ({ex.MessageText}).", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == "42601" && ex.MessageText.Contains("multiple commands", StringComparison.Ordinal))
        {
            throw new QueryRefusedException("Refused: 'loftcompare query' runs one statement; found more after the first.", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == "57014")
        {
            throw new QueryRefusedException($"Stopped: the query ran longer than {limit.TotalSeconds:0.#} s (--timeout).", ex);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("42", StringComparison.Ordinal))
        {
            throw new QueryRefusedException($"The query failed: {ex.MessageText}", ex);
        }
        catch (NpgsqlException ex)
        {
            throw PostgresConnection.Describe(name, ex);
        }
    }
}
