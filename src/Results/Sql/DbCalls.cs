using System.Data.Common;
using Dapper;
using LoftCompare.Results;

namespace LoftCompare.Results.Sql;

/// <summary>
/// The calls every Dapper store makes, whatever its database: a connection per call, one transaction around a
/// multi-statement write, and every database error turned into the store's own <see cref="ResultsDatabaseException"/>
/// that names the database and says what is wrong. The stores keep their SQL; this keeps the plumbing in one place.
/// </summary>
/// <param name="connect">Opens a connection to the store.</param>
/// <param name="describe">Says in words what a database error means for this store.</param>
/// <param name="name">The store as named in messages (a file path, or a URI without a password).</param>
/// <param name="retry">Which errors are a blip to ride out, and for how long; none when null.</param>
public sealed class DbCalls<TConnection>(Func<CancellationToken, Task<TConnection>> connect, Func<DbException, Exception> describe, string name, TransientRetry? retry = null)
    where TConnection : DbConnection
{
    public Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
        => ReadAsync(c => c.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<T>> ListAsync<T>(string sql, object parameters, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<T>>(async c => (await c.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).ToList(), cancellationToken);

    /// <summary>Rows as the database holds them, mapped to records.</summary>
    public Task<IReadOnlyList<TRecord>> ListAsync<TRow, TRecord>(Func<TRow, TRecord> toRecord, string sql, object parameters, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<TRecord>>(async c => (await c.QueryAsync<TRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).Select(toRecord).ToList(), cancellationToken);

    /// <summary>
    /// Rows read as they are consumed, on one connection held open until the caller stops: constant memory however many.
    /// A blip mid-stream is not retried (rows were already handed out); it ends the stream with the store's error.
    /// </summary>
    public async IAsyncEnumerable<TRecord> StreamAsync<TRow, TRecord>(Func<TRow, TRecord> toRecord, string sql, object parameters, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await GuardAsync(() => connect(cancellationToken), cancellationToken);
        await using var rows = connection.QueryUnbufferedAsync<TRow>(sql, parameters).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await rows.MoveNextAsync();
            }
            catch (DbException ex)
            {
                throw describe(ex);
            }

            if (!more)
            {
                yield break;
            }

            yield return toRecord(rows.Current);
        }
    }

    public Task<T> ReadAsync<T>(Func<TConnection, Task<T>> work, CancellationToken cancellationToken) => GuardAsync(
        async () =>
        {
            await using var connection = await connect(cancellationToken);
            return await work(connection);
        },
        cancellationToken);

    public Task WriteAsync(Func<TConnection, DbTransaction, Task> work, CancellationToken cancellationToken)
        => WriteAsync<int>(async (c, t) => { await work(c, t); return 0; }, cancellationToken);

    public Task<T> WriteAsync<T>(Func<TConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) => GuardAsync(
        async () =>
        {
            await using var connection = await connect(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        },
        cancellationToken);

    private async Task<T> GuardAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (DbException ex) when (retry is not null && retry.IsTransient(ex) && NextDelay(attempt, started) is { } delay)
            {
                // A blip: the whole call (connection, transaction, statements) is made again on a fresh connection.
                retry.OnRetry?.Invoke(ex, delay);
                await Task.Delay(delay, cancellationToken);
            }
            catch (DbException ex)
            {
                throw describe(ex);
            }
            catch (DatabaseSchemaTooNewException ex)
            {
                throw new ResultsDatabaseException(name, ex.Message, ex);
            }
        }
    }

    /// <summary>Exponential backoff from the first delay up to the cap; null once the budget would be passed.</summary>
    private TimeSpan? NextDelay(int attempt, long started)
    {
        var delay = TimeSpan.FromTicks(Math.Min(retry!.MaxDelay.Ticks, retry.FirstDelay.Ticks * (1L << Math.Min(attempt, 20))));
        return TimeProvider.System.GetElapsedTime(started) + delay <= retry.Budget ? delay : null;
    }
}
