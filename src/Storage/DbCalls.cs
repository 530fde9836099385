using System.Data.Common;
using Dapper;
using LoftCompare.Eval.Results;

namespace LoftCompare.Storage;

/// <summary>
/// The calls every Dapper store makes, whatever its database: a connection per call, one transaction around a
/// multi-statement write, and every database error turned into the store's own <see cref="ResultsDatabaseException"/>
/// that names the database and says what is wrong. The stores keep their SQL; this keeps the plumbing in one place.
/// </summary>
/// <param name="connect">Opens a connection to the store.</param>
/// <param name="describe">Says in words what a database error means for this store.</param>
/// <param name="name">The store as named in messages (a file path, or a URI without a password).</param>
public sealed class DbCalls<TConnection>(Func<CancellationToken, Task<TConnection>> connect, Func<DbException, Exception> describe, string name)
    where TConnection : DbConnection
{
    public Task<int> ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
        => ReadAsync(c => c.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<T>> ListAsync<T>(string sql, object parameters, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<T>>(async c => (await c.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).ToList(), cancellationToken);

    /// <summary>Rows as the database holds them, mapped to records.</summary>
    public Task<IReadOnlyList<TRecord>> ListAsync<TRow, TRecord>(Func<TRow, TRecord> toRecord, string sql, object parameters, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<TRecord>>(async c => (await c.QueryAsync<TRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).Select(toRecord).ToList(), cancellationToken);

    public Task<T> ReadAsync<T>(Func<TConnection, Task<T>> work, CancellationToken cancellationToken) => GuardAsync(
        async () =>
        {
            await using var connection = await connect(cancellationToken);
            return await work(connection);
        });

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
        });

    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
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
