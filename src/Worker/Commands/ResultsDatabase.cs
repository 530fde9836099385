using LoftCompare.Results;
using LoftCompare.Storage.Postgres;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// Opens the results store <c>--db</c> names: a SQLite file path (the embedded default), or PostgreSQL as
/// <c>postgres://user@host:port/database</c> or an Npgsql connection string (password from PGPASSWORD or a passfile).
/// Both stores are also the worker's job queue.
/// </summary>
public static class ResultsDatabase
{
    public static async Task<IResultStore> OpenAsync(string db, CancellationToken cancellationToken = default)
        => PostgresConnection.IsPostgres(db)
            ? await PostgresResultStore.OpenAsync(db, cancellationToken, PostgresResultStore.DefaultRetry with { OnRetry = SayBlip })
            : await SqliteResultStore.OpenAsync(db, cancellationToken);

    /// <summary>A blip the store rides out is said on stderr, once per retry, so an operator sees why a run paused.</summary>
    private static void SayBlip(System.Data.Common.DbException ex, TimeSpan delay)
        => Console.Error.WriteLine($"warning: the results database did not answer ({(ex is Npgsql.PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.InnerException?.Message ?? ex.Message)}); trying again in {delay.TotalSeconds:0.#} s");

    /// <summary>For commands that only make sense once a run has written the store: a missing SQLite file is an error, not an empty database.</summary>
    public static async Task<IResultStore> OpenExistingAsync(string db, CancellationToken cancellationToken)
        => PostgresConnection.IsPostgres(db) || File.Exists(db) || Directory.Exists(db) // a directory is refused by OpenAsync, naming it as one
            ? await OpenAsync(db, cancellationToken)
            : throw new FileNotFoundException($"Results database '{db}' does not exist; run 'loftcompare run' first.", db);

    /// <summary>
    /// For commands that only read (report, tradeoffs, serve, export-run, the source of export): as
    /// <see cref="OpenExistingAsync"/>, without reading the whole SQLite file first, so start-up does not grow with the
    /// database (a page found damaged when read is reported as malformed, naming the file).
    /// </summary>
    public static async Task<IResultStore> OpenForReadingAsync(string db, CancellationToken cancellationToken)
        => PostgresConnection.IsPostgres(db) ? await OpenExistingAsync(db, cancellationToken)
            : File.Exists(db) ? await SqliteResultStore.OpenAsync(db, cancellationToken, checkWholeFile: false)
            : await OpenExistingAsync(db, cancellationToken);

    /// <summary>The store as shown to the user: the SQLite file's full path, or the PostgreSQL URI without a password.</summary>
    public static string Describe(IResultStore store) => store switch
    {
        SqliteResultStore sqlite => sqlite.Path,
        PostgresResultStore postgres => postgres.Name,
        _ => store.GetType().Name,
    };

    /// <summary>The store's job queue.</summary>
    public static IJobQueue QueueOf(IResultStore store)
        => store as IJobQueue ?? throw new UsageException($"The results store {Describe(store)} has no job queue.");
}
