using LoftCompare.Results;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LoftCompare.Storage.Sqlite;

/// <summary>
/// Runs ad-hoc SQL against the results database safely: the file is opened read-only, and an SQLite authorizer refuses
/// anything but reading — writes, schema changes, ATTACH/DETACH, PRAGMAs other than a few that only read, and
/// extension loading — with a message saying what was refused.
/// </summary>
public static class ReadOnlyQuery
{
    // sqlite3.h action codes.
    private const int Ok = 0;
    private const int Deny = 1;
    private const int PragmaAction = 19;
    private const int ReadAction = 20;
    private const int SelectAction = 21;
    private const int FunctionAction = 31;
    private const int RecursiveAction = 33;

    private static readonly Dictionary<int, string> ActionNames = new()
    {
        [1] = "CREATE INDEX", [2] = "CREATE TABLE", [3] = "CREATE TEMP INDEX", [4] = "CREATE TEMP TABLE", [5] = "CREATE TEMP TRIGGER",
        [6] = "CREATE TEMP VIEW", [7] = "CREATE TRIGGER", [8] = "CREATE VIEW", [9] = "DELETE", [10] = "DROP INDEX", [11] = "DROP TABLE",
        [12] = "DROP TEMP INDEX", [13] = "DROP TEMP TABLE", [14] = "DROP TEMP TRIGGER", [15] = "DROP TEMP VIEW", [16] = "DROP TRIGGER",
        [17] = "DROP VIEW", [18] = "INSERT", [22] = "a transaction statement", [23] = "UPDATE", [24] = "ATTACH", [25] = "DETACH",
        [26] = "ALTER TABLE", [27] = "REINDEX", [28] = "ANALYZE", [29] = "CREATE VIRTUAL TABLE", [30] = "DROP VIRTUAL TABLE", [32] = "SAVEPOINT",
    };

    /// <summary>PRAGMAs whose argument names what to report on (a table, an index), so they read with or without one.</summary>
    private static readonly HashSet<string> InspectingPragmas = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list", "integrity_check", "quick_check",
    };

    /// <summary>PRAGMAs that read a setting when given no value and write it when given one.</summary>
    private static readonly HashSet<string> SettingPragmas = new(StringComparer.OrdinalIgnoreCase)
    {
        "user_version", "schema_version", "page_count", "page_size", "journal_mode", "compile_options", "function_list", "data_version",
    };

    /// <summary>The longest string or blob a query may make (SQLite's own default is a gigabyte per value).</summary>
    public const int MaxValueBytes = 64 * 1024 * 1024;

    /// <param name="timeout">The query is interrupted after this long (30 s when null).</param>
    public static async Task<QueryResult> RunAsync(string databasePath, string sql, int maxRows = 10_000, CancellationToken cancellationToken = default, TimeSpan? timeout = null, long maxBytes = QueryResult.DefaultMaxBytes)
    {
        if (Directory.Exists(databasePath))
        {
            throw new ResultsDatabaseException(Path.GetFullPath(databasePath), "is a directory, not a database file");
        }

        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"Results database '{databasePath}' does not exist.", databasePath);
        }

        var fullPath = Path.GetFullPath(databasePath);
        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(fullPath, SqliteOpenMode.ReadOnly));
        try
        {
            await connection.OpenAsync(cancellationToken);
            // One value may not pass this (randomblob(2e9), a huge replace()): SQLite refuses it instead of allocating it.
            raw.sqlite3_limit(connection.Handle, raw.SQLITE_LIMIT_LENGTH, MaxValueBytes);
            RefuseMoreThanOneStatement(connection, sql);
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Describe(fullPath, ex);
        }

        string? refused = null;
        raw.sqlite3_set_authorizer(connection.Handle, (_, action, first, second, _, _) =>
        {
            var (table, argument) = (first.utf8_to_string(), second.utf8_to_string());

            // DROP and CREATE are first checked as edits of sqlite_master; name the statement, not that bookkeeping.
            if (table is "sqlite_master" or "sqlite_temp_master" && action is 9 or 18 or 23)
            {
                refused ??= StatementName(sql);
                return Deny;
            }

            // VACUUM works through an internal ATTACH; name what the user wrote.
            var verdict = action == 24 && StatementName(sql) == "VACUUM" ? "VACUUM" : Decide(action, table, argument);
            refused ??= verdict;
            return verdict is null ? Ok : Deny;
        }, null);

        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var deadline = new CancellationTokenSource(limit);
        using var interrupt = deadline.Token.Register(() => raw.sqlite3_interrupt(connection.Handle));
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await QueryResult.ReadAsync(reader, maxRows, cancellationToken, maxBytes);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 9 /* SQLITE_INTERRUPT */ && deadline.IsCancellationRequested)
        {
            throw new QueryRefusedException($"Stopped: the query ran longer than {limit.TotalSeconds:0.#} s (--timeout).", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 18 /* SQLITE_TOOBIG */)
        {
            throw new QueryRefusedException($"Refused: the query makes a value over {MaxValueBytes / (1024 * 1024)} MiB ({ex.Message.TrimEnd('.')}); 'loftcompare query' bounds what one value may hold.", ex);
        }
        catch (SqliteException ex) when (refused is not null || ex.SqliteErrorCode is 8 /* SQLITE_READONLY */ or 23 /* SQLITE_AUTH */)
        {
            throw new QueryRefusedException($"Refused: {refused ?? "writing"} is not allowed; 'loftcompare query' only reads (no writes, ATTACH, writing PRAGMAs or extension loading).", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11 or 10 or 14)
        {
            throw SqliteErrors.Describe(fullPath, ex);
        }
    }

    /// <summary>Only one statement runs: anything after the first (other than blanks, comments and ';') is refused, not silently dropped.</summary>
    private static void RefuseMoreThanOneStatement(SqliteConnection connection, string sql)
    {
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement, out var tail);
        statement?.Dispose();
        if (rc != raw.SQLITE_OK)
        {
            return; // the real execution reports the syntax error with SQLite's message
        }

        // SQLite's own tokenizer reads the rest: blanks, comments and lone ';' prepare to no statement; anything else is one.
        while (!string.IsNullOrWhiteSpace(tail))
        {
            var rest = tail;
            rc = raw.sqlite3_prepare_v2(connection.Handle, rest, out var next, out tail);
            using (next)
            {
                if (rc != raw.SQLITE_OK || next is { IsInvalid: false })
                {
                    var shown = rest.Trim().TrimStart(';').Trim();
                    throw new QueryRefusedException($"Refused: 'loftcompare query' runs one statement; found more after the first ('{(shown.Length > 40 ? shown[..40] + "…" : shown)}').");
                }
            }

            if (tail == rest)
            {
                return;
            }
        }
    }

    /// <summary>The statement's leading keywords, e.g. <c>DROP TABLE</c>, <c>DELETE</c>.</summary>
    private static string StatementName(string sql)
    {
        var words = sql.TrimStart().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToUpperInvariant()).ToArray();
        return words.Length > 1 && words[0] is "CREATE" or "DROP" ? $"{words[0]} {words[1]}" : words.FirstOrDefault() ?? "the statement";
    }

    /// <summary>Null to allow, or what is being refused.</summary>
    private static string? Decide(int action, string? first, string? second) => action switch
    {
        ReadAction or SelectAction or RecursiveAction => null,
        FunctionAction when string.Equals(second, "load_extension", StringComparison.OrdinalIgnoreCase) => "loading an extension",
        FunctionAction => null,
        PragmaAction when first is not null && InspectingPragmas.Contains(first) => null,
        PragmaAction when first is not null && SettingPragmas.Contains(first) && second is null => null,
        PragmaAction => $"PRAGMA {first}{(second is null ? string.Empty : " = " + second)}",
        _ => ActionNames.GetValueOrDefault(action, $"SQLite action {action}"),
    };
}
