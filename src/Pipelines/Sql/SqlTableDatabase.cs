using System.Globalization;
using System.Text;
using LoftCompare.Corpora.Tables;
using Microsoft.Data.Sqlite;

namespace LoftCompare.Pipelines.Sql;

/// <summary>
/// An in-memory SQLite database holding some tables, for running a model's SQL (RAG side) or a gold query (at build
/// time). Queries run read-only (<c>PRAGMA query_only</c>), one statement at a time, and are interrupted after a time
/// limit; results are capped in rows so a runaway join cannot exhaust memory.
/// </summary>
public sealed class SqlTableDatabase : IDisposable
{
    private readonly SqliteConnection connection;

    private SqlTableDatabase(SqliteConnection connection) => this.connection = connection;

    public static SqlTableDatabase Create(IEnumerable<CsvTable> tables)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach (var table in tables)
        {
            Load(connection, table);
        }

        using (var readOnly = connection.CreateCommand())
        {
            readOnly.CommandText = "PRAGMA query_only = ON;";
            readOnly.ExecuteNonQuery();
        }

        return new SqlTableDatabase(connection);
    }

    /// <summary>The tables' schema as <c>CREATE TABLE</c> statements, for a text-to-SQL prompt.</summary>
    public static string Schema(IEnumerable<CsvTable> tables)
        => string.Join("\n\n", tables.Select(CreateStatement));

    /// <summary>
    /// Runs one SELECT and returns its rows as text (numbers in invariant culture, NULL as empty). Throws
    /// <see cref="SqlExecutionException"/> for SQL errors, writes, a second statement, a timeout or too many rows.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Query(string sql, TimeSpan timeLimit, int maxRows = 10_000)
    {
        var statement = sql.Trim().TrimEnd(';').Trim();
        if (statement.Length == 0)
        {
            throw new SqlExecutionException("the SQL is empty");
        }

        using var command = connection.CreateCommand();
        command.CommandText = statement;
        using var interrupt = new Timer(_ => SQLitePCL.raw.sqlite3_interrupt(connection.Handle), null, timeLimit, Timeout.InfiniteTimeSpan);
        try
        {
            using var reader = command.ExecuteReader();
            var rows = ReadRows(reader, maxRows);
            if (reader.NextResult())
            {
                throw new SqlExecutionException("only one statement may be run");
            }

            return rows;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 9)
        {
            throw new SqlExecutionException($"the query ran longer than {timeLimit.TotalSeconds:0.#} s and was stopped", ex);
        }
        catch (SqliteException ex)
        {
            throw new SqlExecutionException(ex.Message, ex);
        }
    }

    public void Dispose() => connection.Dispose();

    private static IReadOnlyList<IReadOnlyList<string>> ReadRows(SqliteDataReader reader, int maxRows)
    {
        var rows = new List<IReadOnlyList<string>>();
        while (reader.Read())
        {
            if (rows.Count == maxRows)
            {
                throw new SqlExecutionException($"the query returned more than {maxRows:N0} rows");
            }

            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty;
            }

            rows.Add(row);
        }

        return rows;
    }

    private static void Load(SqliteConnection connection, CsvTable table)
    {
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = CreateStatement(table);
            create.ExecuteNonQuery();
        }

        var types = table.ColumnTypes();
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO {Identifier(table.Name)} VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})";
        var parameters = table.Columns.Select((_, i) => insert.Parameters.Add($"$p{i}", SqliteType.Text)).ToArray();
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                parameters[i].Value = row[i].Length == 0 ? DBNull.Value : types[i] switch
                {
                    "INTEGER" => long.Parse(row[i], CultureInfo.InvariantCulture),
                    "REAL" => double.Parse(row[i], CultureInfo.InvariantCulture),
                    _ => row[i],
                };
            }

            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static string CreateStatement(CsvTable table)
    {
        var types = table.ColumnTypes();
        var text = new StringBuilder().Append("CREATE TABLE ").Append(Identifier(table.Name)).Append(" (\n");
        text.AppendJoin(",\n", table.Columns.Select((c, i) => $"  {Identifier(c)} {types[i]}"));
        return text.Append("\n);").ToString();
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}

/// <summary>A query could not be run: bad SQL, a write, more than one statement, a timeout or too many rows.</summary>
public sealed class SqlExecutionException(string message, Exception? inner = null) : Exception(message, inner);
