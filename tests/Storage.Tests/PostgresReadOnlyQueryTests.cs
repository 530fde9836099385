using LoftCompare.Results;
using LoftCompare.Storage.Postgres;
using Npgsql;

namespace LoftCompare.Storage.Tests;

/// <summary>
/// <c>query</c> on a real PostgreSQL server, connected as the superuser <c>postgres</c> (the form docs/deploy.md used to
/// show): none of the statements that reach outside the database runs, whichever layer stops it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReadOnlyQueryTests(PostgresCluster cluster)
{
    private readonly string reader = $"reader_{Guid.NewGuid().ToString("N")[..8]}"; // roles are cluster-wide: one per test
    private readonly string marker = Path.Combine(Path.GetTempPath(), $"loftcompare-query-{Guid.NewGuid():N}");

    private async Task<string> DatabaseAsync()
    {
        var db = await cluster.CreateDatabaseAsync();
        _ = await PostgresResultStore.OpenAsync(db); // the results schema, as a real deployment has it
        return db;
    }

    private static async Task AdminAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresConnection.Parse(db).Builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task CreateReaderAsync(string db)
        => AdminAsync(db, $"CREATE ROLE {reader} NOLOGIN; GRANT USAGE ON SCHEMA public TO {reader}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader};");

    [PostgresFact]
    public async Task A_superuser_connection_without_a_reader_role_is_refused_with_the_sql_to_create_one()
    {
        var db = await DatabaseAsync();

        var error = await Assert.ThrowsAsync<QueryRefusedException>(() => PostgresReadOnlyQuery.RunAsync(db, "SELECT COUNT(*) FROM runs", readerRole: reader));

        Assert.Contains("the --db role 'postgres' is a superuser", error.Message);
        Assert.Contains($"CREATE ROLE {reader} NOLOGIN; GRANT USAGE ON SCHEMA public TO {reader}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}; GRANT {reader} TO postgres;", error.Message);
    }

    [PostgresFact]
    public async Task A_superuser_connection_reads_as_the_reader_role()
    {
        var db = await DatabaseAsync();
        await CreateReaderAsync(db);

        var result = await PostgresReadOnlyQuery.RunAsync(db, "SELECT current_user AS who, session_user AS session, (SELECT COUNT(*) FROM runs) AS runs", readerRole: reader);

        Assert.Equal(["who", "session", "runs"], result.Columns);
        Assert.Equal(new object?[] { reader, "postgres", 0L }, Assert.Single(result.Rows));
    }

    [PostgresTheory]
    [InlineData("COPY (SELECT 1) TO PROGRAM 'touch {marker}'", "'COPY' is not a query")]
    [InlineData("COPY runs TO '{marker}'", "'COPY' is not a query")]
    [InlineData("/* hidden */ copy runs to '{marker}'", "'COPY' is not a query")]
    [InlineData("SET ROLE postgres", "'SET' is not a query")]
    [InlineData("DO $$ BEGIN PERFORM pg_reload_conf(); END $$", "'DO' is not a query")]
    [InlineData("SELECT pg_read_file('/etc/hostname')", "calls pg_read_file()")]
    [InlineData("SELECT \"pg_read_file\"('/etc/hostname')", "the reading role may not do that (permission denied for function pg_read_file)")]
    [InlineData("SELECT U&\"pg\\005fread_file\"('/etc/hostname')", "the reading role may not do that (permission denied for function pg_read_file)")]
    [InlineData("SELECT \"set_config\"('role', 'postgres', false)", "calls set_config()")] // granted to every role: the plan names it
    [InlineData("SELECT U&\"pg\\005fterminate\\005fbackend\"(1)", "calls pg_terminate_backend()")]
    [InlineData("SELECT * FROM pg_ls_dir('.')", "calls pg_ls_dir()")]
    [InlineData("SELECT pg_catalog.pg_reload_conf()", "calls pg_reload_conf()")]
    [InlineData("SELECT set_config('role', 'postgres', false), (SELECT COUNT(*) FROM runs)", "calls set_config()")]
    [InlineData("SELECT query_to_xml('SELECT pg_read_file(''/etc/hostname'')', true, true, '')", "calls query_to_xml()")]
    [InlineData("SELECT lo_import('/etc/hostname')", "calls lo_import()")]
    [InlineData("SELECT pg_current_logfile()", "the reading role may not do that (permission denied for function pg_current_logfile)")]
    [InlineData("WITH gone AS (DELETE FROM runs RETURNING 1) SELECT COUNT(*) FROM gone", "Refused:")]
    public async Task Statements_that_reach_outside_the_database_are_refused_for_a_superuser_connection(string statement, string expected)
    {
        var db = await DatabaseAsync();
        await CreateReaderAsync(db);

        var error = await Assert.ThrowsAsync<QueryRefusedException>(() => PostgresReadOnlyQuery.RunAsync(db, statement.Replace("{marker}", marker, StringComparison.Ordinal), readerRole: reader));

        Assert.Contains(expected, error.Message);
        Assert.StartsWith("Refused:", error.Message);
        Assert.False(File.Exists(marker)); // no program ran, no server file was written
    }

    [PostgresFact]
    public async Task Other_sessions_cannot_be_terminated_through_query_whatever_the_role()
    {
        var db = await DatabaseAsync();
        await CreateReaderAsync(db);
        await AdminAsync(db, $"CREATE ROLE {reader}_login LOGIN; GRANT USAGE ON SCHEMA public TO {reader}_login; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}_login;");
        await using var worker = new NpgsqlConnection(PostgresConnection.Parse(db).Builder.ConnectionString);
        await worker.OpenAsync(); // stands for a worker's pooled connection
        var asLogin = db.Replace("postgres://postgres@", $"postgres://{reader}_login@", StringComparison.Ordinal);

        foreach (var connection in new[] { db, asLogin })
        {
            var error = await Assert.ThrowsAsync<QueryRefusedException>(() => PostgresReadOnlyQuery.RunAsync(connection, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()", readerRole: reader));
            Assert.Contains("calls pg_terminate_backend()", error.Message);
        }

        await using var alive = new NpgsqlCommand("SELECT 1", worker);
        Assert.Equal(1, await alive.ExecuteScalarAsync());
        // A role that only reads needs no reader role to switch to.
        Assert.Equal(0L, Assert.Single((await PostgresReadOnlyQuery.RunAsync(asLogin, "SELECT COUNT(*) FROM runs", readerRole: "no_such_role")).Rows)[0]);
    }
}
