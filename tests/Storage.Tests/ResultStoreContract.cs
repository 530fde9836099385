using LoftCompare.Eval.Reports;
using LoftCompare.Eval.Statistics;
using LoftCompare.Results;

namespace LoftCompare.Storage.Tests;

/// <summary>
/// What every results store must do, run against each implementation (SQLite and PostgreSQL): the same records back,
/// idempotent writes, a job queue that hands each job to one worker, slots enqueued once, leases, backoff and sweeps.
/// A store whose server is missing skips each test with the reason (<see cref="Skip"/>), never silently.
/// </summary>
public abstract class ResultStoreContract
{
    /// <summary>A new, empty store.</summary>
    protected abstract Task<IResultStore> NewStoreAsync();

    /// <summary>Reopens the store last created (what a later process sees).</summary>
    protected abstract Task<IResultStore> ReopenAsync();

    /// <summary>Runs SQL directly against the store last created.</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    private static RunRecord Run(string id, string startedAt = "2026-11-30T12:00:00.0000000+00:00") => new()
    {
        RunId = id, SuiteName = "nightly", SuitePath = "/suites/nightly.json", SuiteJson = "{\"name\":\"nightly\"}", AppVersion = "1.0", Host = "h",
        Tokenizer = "o200k_base", Models = new Dictionary<string, string> { ["extractive-minilm"] = "extractive reader" }, StartedAt = StoredText.Time(startedAt), Status = RunStatus.Running, ExamplesPlanned = 2,
    };

    private static ResultRecord Result(string runId, string queryId, double score, string? error = null) => new()
    {
        RunId = runId, TaskName = "rag", Pipeline = "rag", ModelId = "extractive-minilm", QueryId = queryId, Prediction = ["a"], RawOutput = "Final Answer: ['a'] — ünïcödé",
        Scores = new Dictionary<string, double> { ["subspan_em"] = score }, PrimaryMetric = "subspan_em", PrimaryScore = error is null ? score : null,
        InputTokens = 1_234, OutputTokens = 5, CostUsd = 0.000_012_5, TotalMs = 12.5, Error = error, Outcome = error is null ? ExampleOutcome.Succeeded : ExampleOutcome.Failed,
        Attempts = 2, BackoffMs = 1_000, ModelWallMs = 1_020.5, CacheHit = false, RecordedAt = StoredText.Time("2026-11-30T12:00:01.0000000+00:00"),
    };

    [SkippableFact]
    public async Task A_run_its_tasks_rows_and_aggregates_come_back_as_written_and_rewrites_never_duplicate()
    {
        var store = await NewStoreAsync();
        await store.CreateRunAsync(Run("r1"));
        await store.AddRunTaskAsync(new RunTaskRecord { RunId = "r1", TaskName = "rag", TaskKind = "rag", DatasetName = "sotu", Adapter = "loft", Source = "s", Split = "test", ContentHash = "abc", Documents = 160, Queries = 2 });
        await store.AddRunPipelineAsync(new RunPipelineRecord { RunId = "r1", TaskName = "rag", Pipeline = "rag", ModelId = "extractive-minilm", PrepareMs = 3.5 });
        await store.UpsertResultAsync(Result("r1", "q1", 0, "HttpRequestException: boom"));
        await store.UpsertResultAsync(Result("r1", "q1", 1)); // the resumed example replaces its failed row
        await store.UpsertResultAsync(Result("r1", "q2", 0.5));
        await store.ReplaceAggregatesAsync("r1", [new AggregateRecord { RunId = "r1", TaskName = "rag", Pipeline = "rag", ModelId = "extractive-minilm", Metric = "subspan_em", N = 2, Mean = 0.75, CiLow = 0.5, CiHigh = 1 }], [], []);
        await store.FinishRunAsync("r1", RunStatus.Succeeded, null, new RunCounts(0, 0));

        var reopened = await ReopenAsync();
        var run = (await reopened.GetRunAsync("r1"))!;
        var rows = await reopened.GetResultsAsync("r1");

        Assert.Equal((RunStatus.Succeeded, 2L, 0L, "nightly"), (run.Status, run.ExamplesPlanned, run.ExamplesFailed, run.SuiteName));
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), run.StartedAt);
        Assert.NotNull(run.EndedAt);
        Assert.Equal(["q1", "q2"], rows.Select(r => r.QueryId));
        var first = rows[0];
        Assert.Equal((1.0, (string?)null, ExampleOutcome.Succeeded, 2L, 1_000.0, 1_020.5, 1_234L), (first.PrimaryScore!.Value, first.Error, first.Outcome, first.Attempts!.Value, first.BackoffMs!.Value, first.ModelWallMs!.Value, first.InputTokens!.Value));
        Assert.Equal("Final Answer: ['a'] — ünïcödé", first.RawOutput);
        Assert.Equal(0.000_012_5, first.CostUsd!.Value, 12);
        Assert.Equal("sotu", Assert.Single(await reopened.GetRunTasksAsync("r1")).DatasetName);
        Assert.Equal(3.5, Assert.Single(await reopened.GetRunPipelinesAsync("r1")).PrepareMs);
        Assert.Equal(0.75, Assert.Single(await reopened.GetAggregatesAsync("r1")).Mean);
        Assert.Equal("r1", (await reopened.GetLatestRunAsync())!.RunId);
        Assert.Single(await reopened.GetRunsOfSuiteAsync("nightly", DateTimeOffset.Parse("2026-11-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(await reopened.GetRunsOfSuiteAsync("nightly", DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [SkippableFact]
    public async Task Text_with_nul_and_the_escape_mark_itself_is_kept_and_read_back_identical()
    {
        var store = await NewStoreAsync();
        await store.CreateRunAsync(Run("r1"));
        const string output = "Final Answer: ['a\0b'] \uE000 then \uE0000 and \0\0 at the end\0";

        await store.UpsertResultAsync(Result("r1", "q1", 1) with { RawOutput = output, ContextNote = "note\0", Prediction = ["a\0b"] });
        await store.UpsertResultAsync(Result("r1", "q2", 0, "ModelCallException: the server said \0\uE000"));

        var rows = await (await ReopenAsync()).GetResultsAsync("r1");
        Assert.Equal(output, rows[0].RawOutput);
        Assert.Equal(("note\0", "a\0b"), (rows[0].ContextNote, rows[0].Prediction![0]));
        Assert.Equal("ModelCallException: the server said \0\uE000", rows[1].Error);
    }

    [SkippableFact]
    public async Task A_schedule_slot_is_enqueued_once_and_manual_runs_each_get_a_job()
    {
        var queue = (IJobQueue)await NewStoreAsync();
        var now = DateTimeOffset.UtcNow;

        var slot = await queue.EnqueueJobAsync("/a/nightly.json", "nightly", "2026-11-30T02:30:00Z", now);
        var again = await queue.EnqueueJobAsync("/mnt/other-host/nightly.json", "nightly", "2026-11-30T02:30:00Z", now);
        var manual1 = await queue.EnqueueJobAsync("/a/nightly.json", "nightly", null, now);
        var manual2 = await queue.EnqueueJobAsync("/a/nightly.json", "nightly", null, now);

        Assert.NotNull(slot);
        Assert.Null(again);
        Assert.NotNull(manual1);
        Assert.NotNull(manual2);
        Assert.Equal(3, (await queue.GetJobsAsync()).Count);
    }

    [SkippableFact]
    public async Task Concurrent_workers_each_lease_a_different_job_and_nobody_gets_one_twice()
    {
        var queue = (IJobQueue)await NewStoreAsync();
        for (var i = 0; i < 4; i++)
        {
            await queue.EnqueueJobAsync($"/s{i}.json", $"s{i}", null, DateTimeOffset.UtcNow);
        }

        var leased = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() => queue.TryLeaseJobAsync($"worker-{w}", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))));

        var taken = leased.Where(j => j is not null).Select(j => j!.JobId).ToList();
        Assert.Equal(4, taken.Count);
        Assert.Equal(4, taken.Distinct().Count());
        Assert.All(await queue.GetJobsAsync(), j => Assert.Equal((JobStatus.Running, 1L), (j.Status, j.Attempts)));
    }

    [SkippableFact]
    public async Task Leases_renew_end_retry_after_backoff_and_release_without_counting_an_attempt()
    {
        var queue = (IJobQueue)await NewStoreAsync();
        var id = (await queue.EnqueueJobAsync("/s.json", "s", null, DateTimeOffset.UtcNow))!.Value;

        var job = (await queue.TryLeaseJobAsync("a", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))!;
        Assert.Null(await queue.TryLeaseJobAsync("b", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))); // held
        Assert.True(await queue.RenewLeaseAsync(id, "a", DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.False(await queue.RenewLeaseAsync(id, "b", DateTimeOffset.UtcNow.AddMinutes(5)));

        Assert.True(await queue.RetryJobLaterAsync(id, "a", "attempt 1 failed", DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Null(await queue.TryLeaseJobAsync("b", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))); // backing off
        await ExecuteRawAsync("UPDATE jobs SET not_before = NULL"); // the backoff has passed
        var second = (await queue.TryLeaseJobAsync("b", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))!;
        Assert.Equal((id, 2L, "attempt 1 failed"), (second.JobId, second.Attempts, second.Error));

        Assert.True(await queue.ReleaseJobAsync(id, "b")); // stopped by SIGTERM: not a failed attempt
        var third = (await queue.TryLeaseJobAsync("c", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))!;
        Assert.Equal(2L, third.Attempts);
        Assert.True(await queue.FinishJobAsync(id, "c", JobStatus.Succeeded, null));
        Assert.False(await queue.FinishJobAsync(id, "a", JobStatus.Failed, "late")); // not the owner any more
        Assert.Equal(JobStatus.Succeeded, Assert.Single(await queue.GetJobsAsync()).Status);
        Assert.Equal(job.JobId, id);
    }

    [SkippableFact]
    public async Task An_expired_lease_is_taken_over_and_counts_as_an_attempt()
    {
        var queue = (IJobQueue)await NewStoreAsync();
        var id = (await queue.EnqueueJobAsync("/s.json", "s", null, DateTimeOffset.UtcNow))!.Value;
        await queue.TryLeaseJobAsync("dead", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        await ExecuteRawAsync("UPDATE jobs SET lease_expires_at = '2000-01-01T00:00:00.0000000+00:00'"); // the dead worker's lease ran out
        var taken = (await queue.TryLeaseJobAsync("alive", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))!;

        Assert.Equal((id, "alive", 2L), (taken.JobId, taken.LeaseOwner, taken.Attempts));
    }

    [SkippableFact]
    public async Task A_silent_running_run_is_swept_to_failed_unless_a_live_lease_holds_it()
    {
        var store = await NewStoreAsync();
        var now = DateTimeOffset.UtcNow.ToString("O");
        await store.CreateRunAsync(Run("dead", now));
        await store.CreateRunAsync(Run("leased", now));
        await store.CreateRunAsync(Run("alive", now));
        await ExecuteRawAsync("UPDATE runs SET heartbeat_at = '2000-01-01T00:00:00.0000000+00:00' WHERE run_id IN ('dead', 'leased')");
        var queue = (IJobQueue)store;
        var job = (await queue.EnqueueJobAsync("/s.json", "s", null, DateTimeOffset.UtcNow))!.Value;
        await queue.TryLeaseJobAsync("w", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));
        await queue.SetJobRunAsync(job, "leased");

        var swept = await store.SweepAbandonedRunsAsync(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        Assert.Equal(["dead"], swept);
        Assert.Equal((RunStatus.Failed, RunStatus.Running, RunStatus.Running), ((await store.GetRunAsync("dead"))!.Status, (await store.GetRunAsync("leased"))!.Status, (await store.GetRunAsync("alive"))!.Status));
        Assert.True(await store.ReopenRunAsync("dead", DateTimeOffset.UtcNow));
        Assert.Equal(RunStatus.Running, (await store.GetRunAsync("dead"))!.Status);
    }

    [SkippableFact]
    public async Task A_store_written_by_a_newer_loftcompare_is_refused()
    {
        await NewStoreAsync();
        await ExecuteRawAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from_the_future', '2030-01-01T00:00:00+00:00')");

        var error = await Assert.ThrowsAsync<ResultsDatabaseException>(ReopenAsync);

        Assert.Contains("written by a newer LoftCompare: migration 99", error.Message);
    }

    /// <summary>A run of two tasks, three pipelines and two models, with right, wrong, failed and declined rows and ids that order differently by culture than ordinally.</summary>
    private static async Task<IReadOnlyList<ResultRecord>> WriteMixedRunAsync(IResultStore store)
    {
        await store.CreateRunAsync(Run("mixed"));
        string[] queries = ["Q10", "q2", "q10", "a-1", "\u00e91", "Z", "q_3", "b"];
        var rows = new List<ResultRecord>();
        var i = 0;
        foreach (var task in new[] { "rag", "Retrieval" })
        {
            foreach (var (pipeline, model) in new[] { ("rag", "m1"), ("long-context", "m1"), ("long-context", "m2"), ("self-route", "m1\u2192m1") })
            {
                foreach (var query in queries)
                {
                    var kind = (i++ * 7) % 5; // 0,1 right; 2 wrong; 3 failed; 4 declined
                    rows.Add(Result("mixed", query, kind < 2 ? 1 : 0.25, kind == 3 ? "HttpRequestException: boom" : kind == 4 ? "declined: cannot" : null) with
                    {
                        TaskName = task, Pipeline = pipeline, ModelId = model,
                        Outcome = kind == 3 ? ExampleOutcome.Failed : kind == 4 ? ExampleOutcome.Declined : ExampleOutcome.Succeeded,
                    });
                }
            }
        }

        foreach (var row in rows)
        {
            await store.UpsertResultAsync(row);
        }

        return rows;
    }

    /// <summary>What the examples page showed before it paged in SQL: the rows grouped per (task, query), filtered in memory.</summary>
    private static List<(string Task, string Query, List<string> Rows)> Reference(IReadOnlyList<ResultRecord> rows, ExampleFilter filter)
    {
        bool? Right(ResultRecord? r) => r is null || r.Outcome == ExampleOutcome.Declined ? null : r.Error is null && r.PrimaryScore >= 1;
        bool Some(IEnumerable<ResultRecord> g, string pipeline, bool right) => g.Any(r => r.Pipeline == pipeline && Right(r) == right);
        return rows
            .Where(r => filter.Task is null || r.TaskName == filter.Task)
            .Where(r => filter.Model is null || r.ModelId == filter.Model)
            .GroupBy(r => (r.TaskName, r.QueryId))
            .Where(g => filter.Pipeline is null || g.Any(r => r.Pipeline == filter.Pipeline && (filter.Correct is null || Right(r) == filter.Correct)))
            .Where(g => filter.Pipeline is not null || filter.Correct is null || g.Any(r => Right(r) == filter.Correct))
            .Where(g => filter.Only switch
            {
                OnlyRight.Rag => Some(g, "rag", true) && Some(g, "long-context", false),
                OnlyRight.LongContext => Some(g, "long-context", true) && Some(g, "rag", false),
                _ => true,
            })
            .OrderBy(g => g.Key.TaskName, StringComparer.Ordinal).ThenBy(g => g.Key.QueryId, StringComparer.Ordinal)
            .Select(g => (g.Key.TaskName, g.Key.QueryId, g.OrderBy(r => r.Pipeline, StringComparer.Ordinal).ThenBy(r => r.ModelId, StringComparer.Ordinal).Select(r => $"{r.Pipeline}/{r.ModelId}").ToList()))
            .ToList();
    }

    public static TheoryData<string?, string?, string?, bool?, OnlyRight?> Filters() => new()
    {
        { null, null, null, null, null },
        { "Retrieval", null, null, null, null },
        { null, "long-context", null, null, null },
        { null, "rag", null, true, null },
        { null, "long-context", null, false, null },
        { null, null, null, true, null },
        { null, null, null, false, null },
        { null, null, "m2", null, null },
        { null, null, "m1", false, OnlyRight.Rag },
        { null, null, null, null, OnlyRight.Rag },
        { "rag", null, null, null, OnlyRight.LongContext },
        { null, "self-route", "m1\u2192m1", true, null },
    };

    [SkippableTheory]
    [MemberData(nameof(Filters))]
    public async Task A_filtered_page_of_examples_is_what_filtering_every_row_gives_in_the_same_order_and_pages_never_overlap(string? task, string? pipeline, string? model, bool? correct, OnlyRight? only)
    {
        var store = await NewStoreAsync();
        var written = await WriteMixedRunAsync(store);
        var filter = new ExampleFilter(task, pipeline, model, correct, only);
        var expected = Reference(written, filter);

        var paged = new List<ResultRecord>();
        for (var skip = 0L; ; skip += 3)
        {
            var page = await store.GetExamplesAsync("mixed", filter, skip, 3);
            Assert.True(page.Select(r => (r.TaskName, r.QueryId)).Distinct().Count() <= 3);
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page);
        }

        var actual = paged.GroupBy(r => (r.TaskName, r.QueryId)).Select(g => (g.Key.TaskName, g.Key.QueryId, g.Select(r => $"{r.Pipeline}/{r.ModelId}").ToList())).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => $"{e.Task}|{e.Query}|{string.Join(",", e.Rows)}"), actual.Select(a => $"{a.TaskName}|{a.QueryId}|{string.Join(",", a.Item3)}"));
    }

    [SkippableFact]
    public async Task One_example_a_page_of_rows_a_count_and_a_stream_are_the_rows_the_whole_read_gives()
    {
        var store = await NewStoreAsync();
        await WriteMixedRunAsync(store);
        var all = await store.GetResultsAsync("mixed");

        var example = await store.GetExampleAsync("mixed", "Retrieval", "q10");
        var pages = new List<ResultRecord>();
        for (var skip = 0L; skip < all.Count + 10; skip += 7)
        {
            pages.AddRange(await store.GetResultsPageAsync("mixed", skip, 7));
        }

        var streamed = new List<ResultRecord>();
        await foreach (var row in store.StreamResultsAsync("mixed"))
        {
            streamed.Add(row);
        }

        Assert.Equal(64, all.Count);
        Assert.Equal(Json(all.Where(r => r.TaskName == "Retrieval" && r.QueryId == "q10").OrderBy(r => r.Pipeline, StringComparer.Ordinal).ThenBy(r => r.ModelId, StringComparer.Ordinal)), Json(example));
        Assert.Equal(Json(all), Json(pages));
        Assert.Equal(Json(all), Json(streamed));
        Assert.Equal(all.OrderBy(r => r.TaskName, StringComparer.Ordinal).ThenBy(r => r.Pipeline, StringComparer.Ordinal).ThenBy(r => r.ModelId, StringComparer.Ordinal).ThenBy(r => r.QueryId, StringComparer.Ordinal), all);
        Assert.Equal(64L, await store.CountResultsAsync("mixed"));
        Assert.Equal(0L, await store.CountResultsAsync("no-such-run"));
        Assert.Empty(await store.GetExampleAsync("mixed", "Retrieval", "nope"));
    }

    private static List<string> Json(IEnumerable<ResultRecord> rows) => rows.Select(r => System.Text.Json.JsonSerializer.Serialize(r)).ToList();

    [SkippableFact]
    public async Task Line_summaries_come_back_as_written_and_are_replaced_with_the_aggregates()
    {
        var store = await NewStoreAsync();
        await store.CreateRunAsync(Run("lines"));
        var line = new RunLineRecord
        {
            RunId = "lines", TaskName = "rag", Pipeline = "rag", ModelId = "m1", PrimaryMetric = "subspan_em", Examples = 40, Failures = 2, Declined = 1,
            CostMean = 1.0 / 3, CostLow = 0.1, CostHigh = 0.7, CostN = 38, MeanInputTokens = 1234.5678901234, MeanOutputTokens = null, P50TotalMs = 12.25, P95TotalMs = 99.125, P50RetrievalMs = Math.PI,
        };
        await store.ReplaceAggregatesAsync("lines", [], [], [line with { Examples = 1 }]);
        await store.ReplaceAggregatesAsync("lines", [], [], [line, line with { Pipeline = "long-context", CostMean = null, CostLow = null, CostHigh = null, CostN = null }]);

        var back = await (await ReopenAsync()).GetRunLinesAsync("lines");

        Assert.Equal([line with { Pipeline = "long-context", CostMean = null, CostLow = null, CostHigh = null, CostN = null }, line], back);
    }

    [SkippableFact]
    public async Task Summaries_stored_when_a_run_ends_read_back_exactly_equal_to_those_computed_from_its_rows()
    {
        var store = await NewStoreAsync();
        var written = await WriteMixedRunAsync(store);
        // Distinct costs, tokens and latencies per row, so every interval and percentile has something to get wrong.
        var n = 0;
        foreach (var row in written.Where(r => r.Outcome != ExampleOutcome.Declined))
        {
            n++;
            await store.UpsertResultAsync(row with
            {
                CostUsd = row.ModelId == "m2" ? null : n * 0.000_123_456_789, InputTokens = 1_000 + (n * 37 % 101), OutputTokens = n % 7,
                TotalMs = 10 + (n * 13 % 17) + (n / 3.0), RetrievalMs = row.Pipeline == "rag" ? n * 0.75 : null, CacheHit = n % 5 == 0,
                Scores = new Dictionary<string, double> { ["subspan_em"] = row.PrimaryScore ?? 0, ["f1"] = (n % 9) / 9.0 },
            });
        }

        var run = (await store.GetRunAsync("mixed"))!;
        Assert.Null(await StoredSummaries.ReadAsync(store, run)); // running: its rows are still landing

        var results = await store.GetResultsAsync("mixed");
        var computed = new ResultSummarizer(Bootstrap.ForRun(run.BootstrapSeed)).Summarize(results);
        var (lines, aggregates) = StoredSummaries.ToRecords("mixed", computed, results);
        await store.ReplaceAggregatesAsync("mixed", aggregates, [], lines);
        await store.FinishRunAsync("mixed", RunStatus.Failed, "some failed", new RunCounts(3, 3));

        var reopened = await ReopenAsync();
        var stored = (await StoredSummaries.ReadAsync(reopened, (await reopened.GetRunAsync("mixed"))!))!;

        Assert.Equal(computed.Count, stored.Lines.Count);
        Assert.Equal(8, computed.Count);
        foreach (var (expected, actual) in computed.Zip(stored.Lines))
        {
            Assert.Equal(expected with { Scores = actual.Scores }, actual); // every field but the dictionary, exactly (doubles bit for bit)
            Assert.Equal(expected.Scores.OrderBy(s => s.Key, StringComparer.Ordinal), actual.Scores.OrderBy(s => s.Key, StringComparer.Ordinal));
        }

        Assert.Equal(MarkdownReportWriter.PrimaryMetrics(results).OrderBy(p => p.Key, StringComparer.Ordinal), stored.PrimaryMetrics.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Contains(computed, s => s.CostPerQuery is null);
        Assert.Contains(computed, s => s.CostPerQuery is not null && s.P95TotalMs is not null && s.P50RetrievalMs is not null);
    }

    [SkippableFact]
    public async Task Findings_stored_when_a_run_ends_read_back_equal_to_those_from_its_rows_and_give_the_same_report()
    {
        var store = await NewStoreAsync();
        // The suite's previous run, every example right: the mixed run's wrong and failed ones are regressions against it.
        await store.CreateRunAsync(Run("before", "2026-11-29T12:00:00.0000000+00:00"));
        var written = await WriteMixedRunAsync(store);
        await store.UpsertResultsAsync([.. written.Select(r => Result("before", r.QueryId, 1) with { TaskName = r.TaskName, Pipeline = r.Pipeline, ModelId = r.ModelId })]);
        await store.FinishRunAsync("before", RunStatus.Succeeded, null);
        var n = 0;
        foreach (var row in written.Where(r => r.Outcome != ExampleOutcome.Declined))
        {
            n++; // distinct depths, latencies, costs and caches per row, so every bin, curve and sum has something to get wrong
            await store.UpsertResultAsync(row with
            {
                GoldDepth = n * 0.137 % 1, TotalMs = 10 + (n * 13 % 17) + (n / 3.0), CostUsd = n * 0.000_123_456_789, InputTokens = 1_000 + (n * 37 % 101),
                CachedInputTokens = n % 3 == 0 ? 700 : null, PrefixTokens = 700, CacheBasis = n % 4 == 0 ? CacheBasis.None : CacheBasis.Modelled,
                EncodingsCached = row.Pipeline == "rag" ? n % 5 / 4.0 : null, Confidence = row.Pipeline == "rag" ? n % 11 / 10.0 : null,
                Route = row.Pipeline == "self-route" ? (n % 2 == 0 ? "rag" : "long-context") : null,
                Scores = new Dictionary<string, double> { ["subspan_em"] = row.PrimaryScore >= 1 ? 1 : 0, ["f1"] = row.PrimaryScore ?? 0 }, PrimaryScore = row.PrimaryScore >= 1 ? 1 : 0,
            });
        }

        var run = (await store.GetRunAsync("mixed"))!;
        var results = await store.GetResultsAsync("mixed");
        var computed = await RunAnalyses.ComputeAsync(store, run, results);
        await RunAnalyses.SaveAsync(store, "mixed", computed, results);
        Assert.Null(await RunAnalyses.ReadAsync(store, run)); // running: its rows are still landing
        await store.FinishRunAsync("mixed", RunStatus.Failed, "some failed", new RunCounts(3, 3));

        var reopened = await ReopenAsync();
        var finished = (await reopened.GetRunAsync("mixed"))!;
        var stored = (await RunAnalyses.ReadAsync(reopened, finished))!;

        Assert.Equal(RunAnalyses.ToRecord("mixed", computed.Analysis).Document, (await reopened.GetRunAnalysisAsync("mixed"))!.Document);
        Assert.Equal(RunAnalyses.ToRecord("mixed", computed.Analysis).Document, RunAnalyses.ToRecord("mixed", stored.Analysis).Document);
        static string Describe(PairedComparison c) => $"{c.TaskName}|{c.Metric}|{c.A.Pipeline}/{c.A.ModelId}|{c.B.Pipeline}/{c.B.ModelId}|{c.Difference}|{c.Agreement}";
        Assert.Equal(computed.Comparisons.Select(Describe), stored.Comparisons.Select(Describe));
        Assert.NotEmpty(computed.Comparisons);
        Assert.Equal("before", stored.Analysis.PreviousRunId);
        Assert.Contains(stored.Analysis.Regressions, r => r.Kind == RegressionKind.NewFailures);
        Assert.NotEmpty(stored.Analysis.Depths);
        Assert.NotEmpty(stored.Analysis.Routing);
        Assert.NotEmpty(stored.Analysis.Declined);
        Assert.NotNull(stored.Analysis.EncodingsCachedShare);

        var tasks = new[] { "rag", "Retrieval" }.Select(t => new RunTaskRecord
        {
            RunId = "mixed", TaskName = t, TaskKind = t == "rag" ? "rag" : "retrieval", DatasetName = "d", Adapter = "jsonl", Source = "s", Split = "test", ContentHash = new string('a', 64), Documents = 3, Queries = 8,
        }).ToList();
        var writer = new MarkdownReportWriter(LoftCompare.Eval.Metrics.MetricRegistry.BuiltIn());
        var fromStore = writer.Render(finished, tasks, stored);
        Assert.Equal(writer.Render(finished, tasks, computed), fromStore);
        Assert.Contains("An oracle router", fromStore);
        Assert.Contains("## Regressions", fromStore);

        // An analysis of a shape this version does not know is derived from the rows again, never misread.
        await reopened.ReplaceRunAnalysisAsync(new RunAnalysisRecord { RunId = "mixed", Version = RunAnalysis.Version + 1, Document = "{\"future\":true}" });
        Assert.Null(await RunAnalyses.ReadAsync(reopened, finished));
        Assert.Equal(fromStore, writer.Render(finished, tasks, await RunAnalyses.ReadOrComputeAsync(reopened, finished)));
    }

    [SkippableFact]
    public async Task A_batch_of_rows_lands_in_one_write_and_rewrites_its_keys_without_duplicating_them()
    {
        var store = await NewStoreAsync();
        await store.CreateRunAsync(Run("batch"));
        await store.UpsertResultsAsync([Result("batch", "q1", 0), Result("batch", "q2", 1)]);
        await store.UpsertResultsAsync([Result("batch", "q2", 0.5, "HttpRequestException: boom"), Result("batch", "q3", 1)]);
        await store.UpsertResultsAsync([]);

        var rows = await (await ReopenAsync()).GetResultsAsync("batch");

        Assert.Equal(["q1", "q2", "q3"], rows.Select(r => r.QueryId));
        Assert.Equal([false, false, true], rows.Select(r => r.Correct));
        Assert.Equal("HttpRequestException: boom", rows[1].Error);
    }
}
