using System.Runtime.CompilerServices;
using LoftCompare.Corpora.Tables;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Sql;
using LoftCompare.Pipelines.Tests.Embeddings;
using LoftCompare.Pipelines.Tokens;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Tests.Sql;

public sealed class SqlTableDatabaseTests
{
    private static readonly CsvTable States = CsvTable.Parse("us_states", "name,abbreviation,capital\nDelaware,DE,Dover\n\"Washington, State\",WA,Olympia\nOregon,OR,Salem\n");
    private static readonly CsvTable Wages = CsvTable.Parse("wages", "wage,union\n5.1,1\n4.95,0\n12.5,1\n");

    [Fact]
    public void A_select_returns_rows_with_typed_columns()
    {
        using var database = SqlTableDatabase.Create([States, Wages]);

        Assert.Equal([["Washington, State"]], database.Query("SELECT name FROM us_states WHERE capital = 'Olympia';", TimeSpan.FromSeconds(5)));
        Assert.Equal([["2", "8.8"]], database.Query("SELECT COUNT(*), ROUND(AVG(wage), 2) FROM wages WHERE \"union\" = 1", TimeSpan.FromSeconds(5)));
        Assert.Contains("\"wage\" REAL", SqlTableDatabase.Schema([Wages]));
        Assert.Contains("\"union\" INTEGER", SqlTableDatabase.Schema([Wages]));
    }

    [Theory]
    [InlineData("DELETE FROM us_states")]
    [InlineData("DROP TABLE us_states")]
    [InlineData("INSERT INTO wages VALUES (1, 1)")]
    public void Writes_are_refused_and_the_tables_stay_intact(string sql)
    {
        using var database = SqlTableDatabase.Create([States, Wages]);

        Assert.Throws<SqlExecutionException>(() => database.Query(sql, TimeSpan.FromSeconds(5)));
        Assert.Equal([["3"]], database.Query("SELECT COUNT(*) FROM us_states", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_second_statement_bad_sql_and_a_runaway_query_fail_clearly()
    {
        using var database = SqlTableDatabase.Create([States]);

        Assert.Contains("one statement", Assert.Throws<SqlExecutionException>(() => database.Query("SELECT 1; SELECT 2", TimeSpan.FromSeconds(5))).Message);
        Assert.Contains("no such column", Assert.Throws<SqlExecutionException>(() => database.Query("SELECT population FROM us_states", TimeSpan.FromSeconds(5))).Message);
        const string Endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n";
        Assert.Contains("stopped", Assert.Throws<SqlExecutionException>(() => database.Query(Endless, TimeSpan.FromMilliseconds(300))).Message);
    }

    [Fact]
    public void Csv_round_trips_quoted_cells()
    {
        var again = CsvTable.Parse(States.Name, States.ToCsv());

        Assert.Equal(States.Columns, again.Columns);
        Assert.Equal(States.Rows, again.Rows);
    }

    [Theory]
    [InlineData("```sql\nSELECT name FROM t\n```", "SELECT name FROM t")]
    [InlineData("Answer: SELECT 1", "SELECT 1")]
    [InlineData("SELECT a FROM b", "SELECT a FROM b")]
    public void The_sql_is_read_from_fences_or_after_answer(string output, string sql)
        => Assert.Equal(sql, TextToSqlPrompt.ExtractSql(output));
}

/// <summary>The RAG side of SQL: the reader's query runs over the retrieved tables; its rows are the prediction.</summary>
public sealed class SqlRagPipelineTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static readonly TaskSet Set = TaskSet.Create(
        "tables",
        TaskKind.Sql,
        [
            new Document("us_states", "us_states", "name,abbreviation,capital\nDelaware,DE,Dover\nOregon,OR,Salem\n"),
            new Document("wages", "wages", "wage,union\n5.1,1\n4.95,0\n"),
        ],
        [new Query("q1", "Which state has Salem as its capital?", [], ["us_states"]) { Rows = [["Oregon"]], GoldSql = "SELECT name FROM us_states WHERE capital = 'Salem'" }],
        [new Query("f1", "What is the capital of Delaware?", [], ["us_states"]) { Rows = [["Dover"]], GoldSql = "SELECT capital FROM us_states WHERE name = 'Delaware'" }],
        "memory");

    private RagPipeline Pipeline(string reply, ScriptedChatClient? client = null)
        => new(new DenseRetriever(fixture.Generator, new EmbeddedVectorIndex(), BertOnnxModel.MiniLmName), 1, new ModelCall(client ?? new ScriptedChatClient(reply), new TiktokenCounter()), "scripted", new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn), LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);

    [Fact]
    public async Task The_readers_sql_runs_over_the_retrieved_table_and_its_rows_are_the_prediction()
    {
        var client = new ScriptedChatClient("```sql\nSELECT name FROM us_states WHERE capital = 'Salem'\n```");
        var rag = Pipeline(string.Empty, client);
        await rag.PrepareAsync(Set);

        var output = await rag.RunAsync(Set, Set.Queries[0]);

        Assert.Equal(["us_states"], output.RetrievedIds);
        Assert.Equal(["[\"Oregon\"]"], output.ParsedAnswer);
        Assert.Null(output.ContextNote);
        Assert.Contains("CREATE TABLE \"us_states\"", client.LastPrompt);
        Assert.DoesNotContain("CREATE TABLE \"wages\"", client.LastPrompt); // only the retrieved table's schema
        Assert.Contains("Answer: SELECT capital FROM us_states WHERE name = 'Delaware'", client.LastPrompt); // few-shot with gold SQL
        Assert.DoesNotContain("Oregon", client.LastPrompt); // schemas, not rows
    }

    [Fact]
    public async Task Failing_sql_scores_empty_rows_and_says_why()
    {
        var rag = Pipeline("SELECT population FROM us_states");
        await rag.PrepareAsync(Set);

        var output = await rag.RunAsync(Set, Set.Queries[0]);

        Assert.Equal([], output.ParsedAnswer);
        Assert.Contains("no such column", output.ContextNote);
    }

    [Fact]
    public void Long_context_sql_prompt_holds_every_table_and_few_shot_rows()
    {
        var prompt = new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(Set, Set.Corpus, Set.Queries[0]).Text;

        Assert.Contains("Table: us_states\nname,abbreviation,capital\nDelaware,DE,Dover", prompt);
        Assert.Contains("Table: wages", prompt);
        Assert.Contains("Final Answer: [[\"Dover\"]]", prompt);
        Assert.EndsWith("Query: Which state has Salem as its capital?\nAnswer:", prompt);
        Assert.Equal(["[\"Oregon\", \"2\"]"], new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Parse(TaskKind.Sql, "Final Answer: [[\"Oregon\", 2]]")!.Select(r => r.Replace(",", ", ")));
    }

    /// <summary>A stand-in model that always answers with the same text (the SQL execution under test is real).</summary>
    private sealed class ScriptedChatClient(string reply) : IChatClient
    {
        public string LastPrompt { get; private set; } = string.Empty;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            LastPrompt = string.Join("\n", messages.Select(m => m.Text));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
