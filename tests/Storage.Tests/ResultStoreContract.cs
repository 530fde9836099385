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
        await store.ReplaceAggregatesAsync("r1", [new AggregateRecord { RunId = "r1", TaskName = "rag", Pipeline = "rag", ModelId = "extractive-minilm", Metric = "subspan_em", N = 2, Mean = 0.75, CiLow = 0.5, CiHigh = 1 }], []);
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
}
