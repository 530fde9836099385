using System.Text.RegularExpressions;
using LoftCompare.Results;
using Npgsql;

namespace LoftCompare.Storage.Postgres;

/// <summary>
/// <c>loftcompare query</c> on PostgreSQL, read-only by construction, not only by the transaction's word:
/// <list type="number">
/// <item>only a query runs (SELECT, WITH, VALUES, TABLE): COPY (to a program or a server file), SET, DO and CALL are refused by name;</item>
/// <item>it runs as a role that can only read: a <c>--db</c> role that is a superuser or holds a server-file, program or
/// signal role is switched (<c>SET LOCAL ROLE</c>) to the reader role, and refused with the SQL to create it where there is none;</item>
/// <item>server file, program and admin functions (and the functions that run SQL from a string or change the role) are
/// refused wherever they appear in the statement's plan, whatever the role;</item>
/// <item>one statement, unparsed (a second is the server's syntax error, never run), in a <c>READ ONLY</c> transaction
/// with a <c>statement_timeout</c>, rolled back.</item>
/// </list>
/// </summary>
public static partial class PostgresReadOnlyQuery
{
    /// <summary>The role a privileged connection reads as (docs/deploy.md creates it).</summary>
    public const string DefaultReaderRole = "loftcompare_reader";

    public static async Task<QueryResult> RunAsync(string db, string sql, int maxRows = 10_000, TimeSpan? timeout = null, CancellationToken cancellationToken = default, string readerRole = DefaultReaderRole)
    {
        var (builder, name) = PostgresConnection.Parse(db);
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        RefuseWhatIsNotAQuery(sql);
        RefuseDeniedFunction(sql);
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {(long)limit.TotalMilliseconds}", cancellationToken);
            await ReadAsReaderAsync(connection, transaction, readerRole, cancellationToken);
            await RefuseDeniedFunctionsInPlanAsync(connection, transaction, sql, cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { new NpgsqlBatchCommand(sql) } };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            return await QueryResult.ReadAsync(reader, maxRows, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == "25006")
        {
            throw new QueryRefusedException($"Refused: writing is not allowed; 'loftcompare query' only reads ({ex.MessageText}).", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == "42501")
        {
            throw new QueryRefusedException($"Refused: the reading role may not do that ({ex.MessageText}).", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == "42601" && ex.MessageText.Contains("multiple commands", StringComparison.Ordinal))
        {
            throw new QueryRefusedException("Refused: 'loftcompare query' runs one statement; found more after the first.", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == "57014")
        {
            throw new QueryRefusedException($"Stopped: the query ran longer than {limit.TotalSeconds:0.#} s (--timeout).", ex);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("42", StringComparison.Ordinal) || ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            throw new QueryRefusedException($"The query failed: {ex.MessageText}", ex);
        }
        catch (NpgsqlException ex)
        {
            throw PostgresConnection.Describe(name, ex);
        }
    }

    /// <summary>The statement must be a query; its first keyword (after comments and parentheses) says which kind it is.</summary>
    private static void RefuseWhatIsNotAQuery(string sql)
    {
        var keyword = LeadingKeyword().Match(Comments().Replace(sql, " ")).Groups["word"].Value.ToUpperInvariant();
        if (keyword is not ("SELECT" or "WITH" or "VALUES" or "TABLE"))
        {
            throw new QueryRefusedException($"Refused: '{(keyword.Length == 0 ? sql.Trim() : keyword)}' is not a query; 'loftcompare query' runs one SELECT, WITH, VALUES or TABLE statement (no COPY, SET, DO or CALL).");
        }
    }

    /// <summary>A privileged session reads as the reader role, or not at all.</summary>
    private static async Task ReadAsReaderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string readerRole, CancellationToken cancellationToken)
    {
        var (role, privileges) = await PrivilegesAsync(connection, transaction, cancellationToken);
        if (privileges.Count == 0)
        {
            return;
        }

        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role)", connection, transaction) { Parameters = { new("role", readerRole) } })
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                throw new QueryRefusedException(
                    $"Refused: the --db role '{role}' {string.Join(" and ", privileges)}, so a query could run programs or read server files; 'loftcompare query' reads as the role '{readerRole}', which does not exist. "
                    + $"Create it once (as a superuser, in this database): CREATE ROLE {readerRole} NOLOGIN; GRANT USAGE ON SCHEMA public TO {readerRole}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {readerRole}; GRANT {readerRole} TO {role}; "
                    + "or connect as a login role that only reads (docs/deploy.md).");
            }
        }

        await ExecuteAsync(connection, transaction, $"SET LOCAL ROLE {Quote(readerRole)}", cancellationToken);
        var (_, readerPrivileges) = await PrivilegesAsync(connection, transaction, cancellationToken);
        if (readerPrivileges.Count > 0)
        {
            throw new QueryRefusedException($"Refused: the reader role '{readerRole}' {string.Join(" and ", readerPrivileges)} itself; give 'loftcompare query' a role that can only read (docs/deploy.md).");
        }
    }

    /// <summary>What makes a role able to leave the database (files, programs) or reach other sessions; empty for a role that can only read.</summary>
    private static async Task<(string Role, List<string> Privileges)> PrivilegesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT r.rolname, r.rolsuper,
                   ARRAY(SELECT p FROM unnest(ARRAY['pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files', 'pg_signal_backend']) AS p
                         WHERE pg_has_role(r.oid, p, 'USAGE'))
            FROM pg_roles r WHERE r.rolname = current_user
            """,
            connection,
            transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var privileges = new List<string>();
        if (reader.GetBoolean(1))
        {
            privileges.Add("is a superuser");
        }

        else if (reader.GetFieldValue<string[]>(2) is { Length: > 0 } held) // a superuser holds them all; saying so is enough
        {
            privileges.Add($"holds {string.Join(", ", held)}");
        }

        return (reader.GetString(0), privileges);
    }

    /// <summary>Refuses the functions in <see cref="DeniedFunction"/> where the server's own plan of the statement names them: the plan sees through quoting and escapes. (The reader role's grants stop most of them first: planning checks them.)</summary>
    private static async Task RefuseDeniedFunctionsInPlanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var plan = new System.Text.StringBuilder();
        await using (var explain = new NpgsqlBatch(connection, transaction) { BatchCommands = { new NpgsqlBatchCommand("EXPLAIN (VERBOSE, COSTS OFF) " + sql) } })
        await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                plan.AppendLine(reader.GetString(0));
            }
        }

        RefuseDeniedFunction(plan.ToString());
    }

    private static void RefuseDeniedFunction(string text)
    {
        if (DeniedFunction().Match(text) is { Success: true } denied)
        {
            throw new QueryRefusedException($"Refused: the query calls {denied.Groups[1].Value.ToLowerInvariant()}(); 'loftcompare query' runs no server file, program, session or admin function, whatever the role.");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Server files and programs, other sessions and the server itself, SQL run from a string, role and setting changes, large objects, replication and dblink.</summary>
    [GeneratedRegex(@"\b(pg_read_file|pg_read_binary_file|pg_ls_\w+|pg_stat_file|pg_file_\w+|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|pg_promote|pg_switch_wal|pg_create_restore_point|pg_backup_start|pg_backup_stop|pg_log_backend_memory_contexts|pg_logical_emit_message|pg_create_\w*_slot|pg_drop_replication_slot|pg_replication_origin_\w+|pg_advisory_\w+|set_config|query_to_xml\w*|cursor_to_xml\w*|lo_\w+|dblink\w*)\s*\(", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeniedFunction();

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"^[\s(]*(?<word>[A-Za-z]+)")]
    private static partial Regex LeadingKeyword();
}
