using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LoftCompare.Worker.Tests.Commands;

/// <summary>Runs the built <c>loftcompare</c> executable as a user would, in its own process.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    private static Task<(int ExitCode, string Stdout, string Stderr)> LoftCompareAsync(string workingDirectory, params string[] args)
        => LoftCompareProcess.RunAsync(workingDirectory, args);

    [Fact]
    public async Task Run_writes_the_database_and_a_report_and_exits_zero()
    {
        var suite = workspace.WriteSuite($$"""
            { "name": "cli", "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ] }
            """);

        var (exitCode, stdout, stderr) = await LoftCompareAsync(workspace.Root, "run", "--suite", suite, "--db", "out/results.db", "--out", "out/reports");

        Assert.True(exitCode == 0, stderr + stdout);
        Assert.Contains("succeeded: 4/4 examples recorded, 0 failed, 0 declined (n/a); 4 rows written", stdout);
        Assert.Single(Directory.GetFiles(Path.Combine(workspace.Root, "out", "reports"), "run-*.md"));
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(workspace.Root, "out", "results.db")};Pooling=False");
        Assert.Equal(4, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM results WHERE error IS NULL"));
    }

    [Fact]
    public async Task Query_tradeoffs_and_score_work_on_what_run_wrote_and_writes_are_refused()
    {
        var suite = workspace.WriteSuite($$"""
            {
              "name": "cli",
              "prices": { "extractive-minilm": { "inputPerMillion": 0.10, "outputPerMillion": 0.40 }, "retrieval": { "embeddingPerMillion": 0.02 } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 3 } ]
            }
            """);
        Assert.Equal(0, (await LoftCompareAsync(workspace.Root, "run", "--suite", suite, "--db", "r.db", "--out", "reports")).ExitCode);

        var (queryExit, csv, _) = await LoftCompareAsync(workspace.Root, "query", "SELECT pipeline, COUNT(*) AS n FROM results GROUP BY pipeline ORDER BY pipeline", "--db", "r.db", "--format", "csv");
        Assert.Equal(0, queryExit);
        Assert.Equal("pipeline,n\nlong-context,3\nrag,3\n", csv.ReplaceLineEndings("\n"));

        // A cut result says so on stderr; stdout stays valid CSV.
        var (cutExit, cut, cutNote) = await LoftCompareAsync(workspace.Root, "query", "SELECT query_id FROM results ORDER BY query_id", "--db", "r.db", "--format", "csv", "--max-rows", "2");
        Assert.Equal((0, 3), (cutExit, cut.Trim().Split('\n').Length));
        Assert.Equal("query: showing the first 2 rows; the result has more (raise --max-rows, 0 for no limit).", cutNote.Trim());
        var (_, all, allNote) = await LoftCompareAsync(workspace.Root, "query", "SELECT query_id FROM results", "--db", "r.db", "--format", "csv", "--max-rows", "0");
        Assert.Equal((7, string.Empty), (all.Trim().Split('\n').Length, allNote.Trim()));

        var (refusedExit, _, refused) = await LoftCompareAsync(workspace.Root, "query", "UPDATE results SET error = 'x'", "--db", "r.db");
        Assert.Equal(1, refusedExit);
        Assert.Equal("error: Refused: UPDATE is not allowed; 'loftcompare query' only reads (no writes, ATTACH, writing PRAGMAs or extension loading).", refused.Trim());

        var (tradeoffsExit, tradeoffs, tradeoffsError) = await LoftCompareAsync(workspace.Root, "tradeoffs", "--db", "r.db");
        Assert.True(tradeoffsExit == 0, tradeoffsError);
        Assert.Contains("subspan_em", tradeoffs);
        Assert.Contains("*", tradeoffs);

        // Every listing prints JSON or CSV for scripts, at full precision.
        var (_, tradeoffsJson, _) = await LoftCompareAsync(workspace.Root, "tradeoffs", "--db", "r.db", "--format", "json");
        var lines = System.Text.Json.JsonDocument.Parse(tradeoffsJson).RootElement;
        Assert.Equal(2, lines.GetArrayLength());
        // Numbers are JSON numbers and flags JSON booleans, not strings a script must parse again.
        Assert.All(lines.EnumerateArray(), l => Assert.True(l.GetProperty("usd_per_1k_queries").GetDouble() > 0));
        Assert.All(lines.EnumerateArray(), l => Assert.InRange(l.GetProperty("quality").GetDouble(), 0, 1));
        Assert.All(lines.EnumerateArray(), l => Assert.Contains(l.GetProperty("pareto").ValueKind, new[] { System.Text.Json.JsonValueKind.True, System.Text.Json.JsonValueKind.False }));
        var (_, datasetsCsv, _) = await LoftCompareAsync(workspace.Root, "datasets", "list", "--format", "csv", "--root", Path.Combine(AppContext.BaseDirectory, "datasets"));
        Assert.StartsWith("what,name,where\n", datasetsCsv.ReplaceLineEndings("\n"));
        Assert.Contains("adapter,loft,", datasetsCsv);
        Assert.Contains("adapter,squad,", datasetsCsv);
        // Kinds come from the profiles, each with what the embedded reader does for it.
        Assert.Contains("task kind,sql,answer a question over tables (LOFT SQL; row-set accuracy); embedded reader: n/a (cannot do this kind)", datasetsCsv);
        Assert.Contains("embedded reader: ranks the 10 most similar documents", datasetsCsv);
        Assert.Contains("task set,rag/sotu/32k,", datasetsCsv.Replace('\\', '/'));
        Assert.Equal("[]", (await LoftCompareAsync(workspace.Root, "jobs", "--db", "r.db", "--format", "json")).Stdout.Trim());
        var reportLines = System.Text.Json.JsonDocument.Parse((await LoftCompareAsync(workspace.Root, "report", "--db", "r.db", "--format", "json")).Stdout).RootElement;
        Assert.Contains(reportLines.EnumerateArray(), l => l.GetProperty("metric").GetString() == "subspan_em" && l.GetProperty("leading").GetBoolean() && l.GetProperty("n").GetInt32() == 3);

        // A run's rows for other tools: JSON Lines with every field, CSV with one column per field, RFC 4180 quoting.
        var runId = System.Text.Json.JsonDocument.Parse((await LoftCompareAsync(workspace.Root, "query", "SELECT run_id FROM runs", "--db", "r.db", "--format", "json")).Stdout).RootElement[0].GetProperty("run_id").GetString()!;
        var (jsonlExit, jsonl, _) = await LoftCompareAsync(workspace.Root, "export-run", runId, "--db", "r.db");
        Assert.Equal(0, jsonlExit);
        var exported = jsonl.Trim().Split('\n').Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, exported.Count);
        // Named as the database and the CSV name them (snake_case), outcomes as words.
        Assert.All(exported, e => Assert.Equal(runId, e.GetProperty("run_id").GetString()));
        Assert.All(exported, e => Assert.Equal("succeeded", e.GetProperty("outcome").GetString()));
        Assert.All(exported, e => Assert.True(e.GetProperty("input_tokens").GetInt64() > 0));
        var (_, csvRows, _) = await LoftCompareAsync(workspace.Root, "export-run", runId, "--db", "r.db", "--format", "csv", "--out", "rows.csv");
        var written = await File.ReadAllTextAsync(Path.Combine(workspace.Root, "rows.csv"));
        // Every column of the results table, named and held as the database holds it (one description drives both).
        Assert.StartsWith(string.Join(',', LoftCompare.Results.Rows.ResultColumns.All.Select(c => c.Name)) + "\n", written);
        Assert.StartsWith("run_id,task_name,pipeline,model_id,query_id,prediction,raw_output,", written);
        Assert.Equal(6, written.Split('\n').Count(l => l.StartsWith(runId + ",", StringComparison.Ordinal)));
        Assert.Equal(1, (await LoftCompareAsync(workspace.Root, "export-run", "nope", "--db", "r.db")).ExitCode);

        // Score the run's own long-context outputs as an external predictions file and get the same mean back.
        var (_, outputs, _) = await LoftCompareAsync(workspace.Root, "query", "SELECT query_id AS qid, raw_output AS output FROM results WHERE pipeline = 'long-context'", "--db", "r.db", "--format", "json");
        var predictions = Path.Combine(workspace.Root, "preds.jsonl");
        await File.WriteAllLinesAsync(predictions, System.Text.Json.JsonDocument.Parse(outputs).RootElement.EnumerateArray().Select(e => e.GetRawText()));
        var (scoreExit, scoreJson, scoreError) = await LoftCompareAsync(workspace.Root, "score", "--dataset", TestWorkspace.ShippedDataset("rag"), "--predictions", predictions, "--format", "jsonl", "--json");
        Assert.True(scoreExit == 0, scoreError);
        var score = System.Text.Json.JsonDocument.Parse(scoreJson).RootElement;
        var (_, recorded, _) = await LoftCompareAsync(workspace.Root, "query", "SELECT AVG(primary_score) FROM results WHERE pipeline = 'long-context'", "--db", "r.db", "--format", "csv");
        Assert.Equal(40, score.GetProperty("queries").GetInt32());
        Assert.Equal(37, score.GetProperty("missing").GetInt32()); // the run answered 3 of the 40 test queries
        Assert.Equal(double.Parse(recorded.Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture) * 3 / 40, score.GetProperty("metrics").GetProperty("subspan_em").GetProperty("mean").GetDouble(), 10);
    }

    [Fact]
    public async Task Mistakes_in_options_and_suite_files_are_said_in_words_on_one_line_with_what_was_meant()
    {
        string Suite(string name, string json)
        {
            var path = Path.Combine(workspace.Root, name);
            File.WriteAllText(path, json);
            return path;
        }

        var typo = Suite("typo.json", """{ "name": "t", "taskz": [] }""");
        var nested = Suite("nested.json", """{ "name": "t", "tasks": [ { "name": "rag", "path": "p", "maxQuerys": 3 } ] }""");
        var broken = Suite("broken.json", "{ \"name\": \"t\",\n  \"tasks\": [ { \"name\": \"rag\", \"path\": \"p\" }\n");

        var (limitExit, _, limit) = await LoftCompareAsync(workspace.Root, "run", "--limit", "abc");
        var (_, _, positional) = await LoftCompareAsync(workspace.Root, "run", typo);
        var (typoExit, _, unknown) = await LoftCompareAsync(workspace.Root, "run", "--suite", typo, "--db", "m.db");
        var (_, _, unknownNested) = await LoftCompareAsync(workspace.Root, "run", "--suite", nested, "--db", "m.db");
        var (_, _, unclosed) = await LoftCompareAsync(workspace.Root, "run", "--suite", broken, "--db", "m.db");

        Assert.Equal((1, 1), (limitExit, typoExit));
        Assert.Equal($"error: Cannot parse argument 'abc' for option '--limit': expected a whole number.{Environment.NewLine}See 'loftcompare run --help'.", limit.Trim());
        Assert.Contains($"Did you mean '--suite {typo}'?", positional);
        Assert.Contains("unknown field 'taskz'; did you mean 'tasks'? (allowed here: alerts,", unknown);
        Assert.Contains("at '$.tasks[0].maxQuerys': unknown field 'maxQuerys'; did you mean 'maxQueries'? (allowed here: adapter, kind, maxQueries, name,", unknownNested);
        Assert.Contains($"'{broken}:3' is not valid", unclosed); // the file's line, once, counting from 1
        Assert.All(new[] { limit, positional, unknown, unknownNested, unclosed }, message =>
        {
            Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
            Assert.DoesNotContain(".NET", message, StringComparison.Ordinal);
            Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
            Assert.DoesNotContain("Usage:", message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_suite_none_of_whose_tasks_loads_records_nothing_and_failed_examples_are_said_by_cause()
    {
        var missing = Path.Combine(workspace.Root, "missing.json");
        File.WriteAllText(missing, $$"""{ "name": "m", "tasks": [ { "name": "t", "path": "{{TestWorkspace.Json(Path.Combine(workspace.Root, "no-such-data"))}}" } ] }""");
        var down = Path.Combine(workspace.Root, "down.json");
        File.WriteAllText(down, $$"""
            {
              "name": "down", "pipelines": ["long-context"], "models": { "longContext": "down-llm" },
              "endpoints": { "down-llm": { "baseUrl": "http://127.0.0.1:1/v1", "model": "m", "maxRetries": 0 } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ]
            }
            """);

        var (missingExit, _, refused) = await LoftCompareAsync(workspace.Root, "run", "--suite", missing, "--db", "r.db", "--out", "reports");
        var (_, runs, _) = await LoftCompareAsync(workspace.Root, "query", "SELECT COUNT(*) FROM runs", "--db", "r.db", "--format", "csv");
        var (downExit, _, failed) = await LoftCompareAsync(workspace.Root, "run", "--suite", down, "--db", "r.db", "--out", "reports");

        Assert.Equal((1, 1), (missingExit, downExit));
        Assert.Contains("cannot run: task 't':", refused);
        Assert.Contains("dataset folder does not exist; nothing was recorded.", refused);
        Assert.Equal("0", runs.Split('\n')[1].Trim()); // no 0/0 run, no report
        Assert.Contains("failed: 2 of 2 examples failed", failed);
        Assert.Contains("  2 of 2 failed on rag · long-context: ", failed); // the why, not only the count
        Assert.Contains("Connection refused (127.0.0.1:1)", failed);
    }

    [Fact]
    public async Task Enqueue_refuses_what_run_would_refuse_and_queues_nothing()
    {
        var tokenizer = workspace.WriteSuite($$"""
            { "name": "k", "tokenizer": "klingon_base", "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 1 } ] }
            """);
        var (tokenizerExit, _, tokenizerError) = await LoftCompareAsync(workspace.Root, "enqueue", tokenizer, "--db", "q.db", "--data-dir", "data");
        var broken = workspace.WriteSuite($$"""{ "name": "b", "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(workspace.WriteBrokenDataset())}}" } ] }""");
        var (brokenExit, _, brokenError) = await LoftCompareAsync(workspace.Root, "enqueue", broken, "--db", "q.db", "--data-dir", "data");
        var (_, jobs, _) = await LoftCompareAsync(workspace.Root, "query", "SELECT COUNT(*) FROM jobs", "--db", "q.db", "--format", "csv");

        Assert.Equal((1, 1), (tokenizerExit, brokenExit));
        Assert.Contains("field 'tokenizer' is 'klingon_base'", tokenizerError);
        Assert.Contains("cannot run: task 'rag':", brokenError);
        Assert.Contains("corpus.jsonl:2", brokenError);
        Assert.Equal("0", jobs.Split('\n')[1].Trim());
    }

    [Fact]
    public async Task Datasets_validate_lists_every_problem_and_exits_non_zero()
    {
        var folder = workspace.WriteBrokenDataset();
        File.AppendAllLines(Path.Combine(folder, "test_queries.jsonl"), ["""{"qid": "q2"}"""]);

        var (bad, _, problems) = await LoftCompareAsync(workspace.Root, "datasets", "validate", folder);
        var (good, valid, _) = await LoftCompareAsync(workspace.Root, "datasets", "validate", TestWorkspace.ShippedDataset("rag"));

        Assert.Equal(1, bad);
        Assert.Contains("corpus.jsonl:2: field 'passage_text': missing", problems);
        Assert.Contains("test_queries.jsonl:2: field 'query_text': missing", problems);
        Assert.Contains("2 problem(s)", problems);
        Assert.Equal(0, good);
        Assert.Contains("Valid: 160 documents, 40 test queries, 3 few-shot (rag).", valid);
    }

    [Fact]
    public async Task A_missing_suite_is_one_clear_line_on_stderr_and_a_nonzero_exit()
    {
        var (exitCode, _, stderr) = await LoftCompareAsync(workspace.Root, "run", "--suite", "nope.json");

        Assert.Equal(1, exitCode);
        Assert.Equal("error: Suite file 'nope.json' does not exist.", stderr.Trim());
    }

    [Theory]
    [InlineData("--heartbeat-seconds", "0", "error: --heartbeat-seconds must be a number of seconds above 0")]
    [InlineData("--lease-seconds", "-5", "error: --lease-seconds must be a number of seconds above 0")]
    [InlineData("--heartbeat-seconds", "200", "error: --heartbeat-seconds (200) must be shorter than --lease-seconds (120)")]
    [InlineData("--drain-seconds", "500", "error: --drain-seconds (500) must be shorter than the worker's 120-second shutdown limit")]
    [InlineData("--stall-seconds", "0", "error: --stall-seconds must be a number of seconds above 0")]
    [InlineData("--drain-seconds", "-0.5", "error: --drain-seconds must be a number of seconds, 0 or more; it is -0.5.")]
    public async Task Worker_settings_that_would_strand_a_job_are_refused_in_one_line(string option, string value, string expected)
    {
        var (exitCode, _, stderr) = await LoftCompareAsync(workspace.Root, "worker", "--db", workspace.DbPath, "--exit-when-idle", option, value);

        Assert.Equal(1, exitCode);
        Assert.StartsWith(expected, stderr.Trim());
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_zero_timeout_is_refused_by_run_and_enqueue_naming_the_field_not_a_crash()
    {
        var suite = workspace.WriteSuite("""
            { "name": "s", "models": { "longContext": "e" }, "endpoints": { "e": { "baseUrl": "http://127.0.0.1:1/v1", "model": "m", "timeoutSeconds": 0 } },
              "tasks": [ { "name": "t", "path": "p" } ] }
            """);

        foreach (var command in new[] { new[] { "run", "--suite", suite }, ["enqueue", suite] })
        {
            var (exitCode, _, stderr) = await LoftCompareAsync(workspace.Root, [.. command, "--db", workspace.DbPath]);

            Assert.Equal(1, exitCode);
            Assert.Contains("field 'endpoints.e.timeoutSeconds' is 0", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
    }

    [Fact]
    public async Task Serving_cost_answers_in_json_for_llama_3_1_8b_at_1m_tokens_and_names_an_unknown_card()
    {
        var (exitCode, stdout, stderr) = await LoftCompareAsync(workspace.Root, "serving-cost", "--model", "llama-3.1-8b", "--gpu", "h100", "--context", "1000000", "--json");

        Assert.True(exitCode == 0, stderr);
        var json = System.Text.Json.JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(131_072, json.GetProperty("kv_cache_bytes_per_token").GetInt64());
        Assert.Equal(131_072L * 1_000_050, json.GetProperty("kv_cache_bytes").GetInt64()); // context + the default 50 query tokens
        Assert.Equal(16_060_522_496, json.GetProperty("weights_bytes").GetInt64());
        Assert.Equal(2, json.GetProperty("gpus_needed").GetInt32());
        Assert.Contains("exceed Llama-3.1-8B's 131,072-token context window", json.GetProperty("warning").GetString());

        var (unknownExit, _, unknown) = await LoftCompareAsync(workspace.Root, "serving-cost", "--model", "gpt-9", "--gpu", "h100", "--context", "1000");
        Assert.Equal(1, unknownExit);
        Assert.StartsWith("error: no model card 'gpt-9'; known: llama-2-7b, llama-3.1-70b, llama-3.1-8b", unknown.Trim());
    }

    [Fact]
    public async Task Fail_on_regression_exits_2_when_examples_that_succeeded_last_night_fail_tonight()
    {
        using var server = new LoftCompare.Pipelines.Tests.Models.LocalOpenAiServer();
        server.ByDefaultStreams("Final Answer: ['Congress']");
        var suite = workspace.WriteSuite($$"""
            {
              "name": "nightly-cli",
              "pipelines": ["long-context"],
              "models": { "longContext": "local-llm" },
              "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m", "maxRetries": 0 } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ]
            }
            """);
        Assert.Equal(0, (await LoftCompareAsync(workspace.Root, "run", "--suite", suite, "--db", "n.db", "--out", "reports", "--fail-on-regression")).ExitCode);
        server.Fails(400, "the model was unloaded").Fails(400, "the model was unloaded");

        var (exitCode, _, stderr) = await LoftCompareAsync(workspace.Root, "run", "--suite", suite, "--db", "n.db", "--out", "reports", "--max-failed-fraction", "1", "--fail-on-regression");

        Assert.True(exitCode == 2, stderr);
        Assert.Contains("regression since run ", stderr);
        Assert.Contains("rag · long-context · local-llm: 2 example(s) that succeeded before failed", stderr);
    }

    public void Dispose() => workspace.Dispose();
}
