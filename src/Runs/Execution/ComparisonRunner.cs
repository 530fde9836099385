using System.Runtime.CompilerServices;
using System.Text.Json;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Costs;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Eval.Statistics;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Running;
using LoftCompare.Runs.Suites;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Execution;

/// <summary>
/// Runs every task of a suite through every pipeline on the same queries, scoring and recording each example as it
/// finishes. A failing example or task is recorded with its error and the run goes on; rows already written stay.
/// </summary>
/// <param name="telemetry">Spans and metrics for OpenTelemetry (off unless something listens); none when null.</param>
public sealed class ComparisonRunner(IResultStore store, DatasetAdapterRegistry adapters, MetricRegistry metrics, TimeProvider clock, RunTelemetry? telemetry = null)
{
    /// <summary>How often a run marks itself alive in the database.</summary>
    public static TimeSpan HeartbeatInterval { get; } = TimeSpan.FromSeconds(30);

    public async Task<RunSummary> RunAsync(Suite suite, string suitePath, string suiteJson, RunEnvironment environment, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default, RunLaunch? launch = null)
    {
        var request = launch ?? new RunLaunch();
        var runId = request.ResumeRunId ?? $"{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}";

        // Every task set is loaded and checked before any model runs, so a broken set costs nothing.
        var taskErrors = new List<string>();
        var loaded = await TaskSetLoader.LoadAsync(adapters, suite, suitePath, environment.Kinds, taskErrors, cancellationToken);
        var pipelinesByTask = loaded.ToDictionary(
            l => l.Task.Name,
            l => environment.PipelinesFor(l.Task.PromptFormat ?? suite.PromptFormat).DistinctBy(p => (p.Name, p.ModelIdFor(l.TaskSet.Kind))).ToList());
        var planned = loaded.Sum(l => l.TaskSet.Queries.Count * pipelinesByTask[l.Task.Name].Count);
        if (loaded.Count == 0 && taskErrors.Count > 0 && request.ResumeRunId is null && request.RefuseWhenNothingLoads)
        {
            throw new SuiteException($"Suite file '{suitePath}' cannot run: {string.Join("; ", taskErrors)}; nothing was recorded.");
        }

        HashSet<(string, string, string, string)> recorded;
        if (request.ResumeRunId is null)
        {
            recorded = [];
            await CreateRunAsync(runId, suite, suitePath, suiteJson, environment, planned, cancellationToken);
        }
        else
        {
            if (!await store.ReopenRunAsync(runId, clock.GetUtcNow(), cancellationToken))
            {
                throw new UsageException($"Run '{runId}' is not in the results database; nothing to resume.");
            }

            // Succeeded and declined examples stay; failed ones are run again.
            recorded = (await store.GetResultsAsync(runId, cancellationToken))
                .Where(r => r.Outcome != ExampleOutcome.Failed)
                .Select(r => (r.TaskName, r.Pipeline, r.ModelId, r.QueryId)).ToHashSet();
        }

        if (request.OnRunCreated is { } onRunCreated)
        {
            await onRunCreated(runId);
        }

        using var runActivity = telemetry?.Source.StartActivity("loftcompare.run");
        runActivity?.SetTag("loftcompare.run_id", runId).SetTag("loftcompare.suite", suite.Name).SetTag("loftcompare.examples_planned", planned);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(runId, HeartbeatInterval, heartbeatStop.Token);
        var gates = new EndpointGates(suite.Concurrency ?? new Dictionary<string, int>());
        var costs = CostModel.FromPrices(suite.Prices, SuiteCards.For(suitePath));
        var written = new StrongBox<int>(); // rows written in this pass, counted as they land (a fault mid-task still knows)
        try
        {
            foreach (var (task, spec, taskSet) in loaded)
            {
                if (request.StopRequested.IsCancellationRequested)
                {
                    break;
                }

                await store.AddRunTaskAsync(
                    new RunTaskRecord
                    {
                        RunId = runId,
                        TaskName = task.Name,
                        TaskKind = taskSet.Kind.Name,
                        DatasetName = taskSet.Name,
                        Adapter = spec.Adapter,
                        Source = taskSet.Source,
                        Split = spec.Split,
                        ContentHash = taskSet.ContentHash,
                        Documents = taskSet.Corpus.Count,
                        Queries = taskSet.Queries.Count,
                    },
                    cancellationToken);

                // Pipelines run side by side, each limited by its endpoint's gate: a slow endpoint does not hold up the others.
                // Several readers share one retriever ranking on retrieval tasks: such pipelines would write the same rows, so one runs.
                // Scored by the prompt format's own rules: a HELMET-format task by HELMET's metric, a RULER one by RULER's.
                var metric = metrics.For(taskSet.Kind, taskSet.Corpus, SuiteTemplates.ScoringFormat(suite, task.PromptFormat ?? suite.PromptFormat));
                await Task.WhenAll(pipelinesByTask[task.Name].Select(pipeline =>
                    RunPipelineAsync(runId, task.Name, taskSet, pipeline, metric, costs, gates, recorded, request.StopRequested, progress, planned, written, cancellationToken)));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopHeartbeatAsync(heartbeatStop, heartbeat);
            await TryFinishAsync(runId, RunStatus.Cancelled, $"cancelled before the end; resume with 'loftcompare run --resume {runId}'", null);
            throw;
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the run does not stay 'running': it ends failed, naming the fault, and can be resumed.
            await StopHeartbeatAsync(heartbeatStop, heartbeat);
            var rows = Volatile.Read(ref written.Value);
            await TryFinishAsync(runId, RunStatus.Failed, $"run stopped by an error after {rows} new rows: {ex.GetType().Name}: {ex.Message}; resume with 'loftcompare run --resume {runId}'", null);
            if (ex is ResultsDatabaseException database)
            {
                // The database itself failed (a full disk, say): the user still needs the run's id and how to go on.
                throw database.For($"run {runId} stopped after {rows} new row{(rows == 1 ? string.Empty : "s")}, all kept; resume it with 'loftcompare run --resume {runId}' once the database can be written");
            }

            throw;
        }

        await StopHeartbeatAsync(heartbeatStop, heartbeat);
        var results = await store.GetResultsAsync(runId, CancellationToken.None);
        var failed = results.Count(r => r.Outcome == ExampleOutcome.Failed);
        var declined = results.Count(r => r.Outcome == ExampleOutcome.Declined);
        var counts = new RunCounts(failed, declined);
        if (request.StopRequested.IsCancellationRequested)
        {
            await store.FinishRunAsync(runId, RunStatus.Cancelled, $"stopped before the end ({results.Count} of {planned} examples recorded); resume with 'loftcompare run --resume {runId}'", counts, CancellationToken.None);
            return new RunSummary(runId, RunStatus.Cancelled, written.Value, failed, taskErrors) { Interrupted = true, Declined = declined, Planned = planned, Recorded = results.Count };
        }

        await SaveFindingsAsync(runId, results, CancellationToken.None);
        await SaveEffectiveLengthsAsync(runId, suite, loaded.ToDictionary(l => l.Task.Name, l => l.TaskSet.Kind), environment.Kinds, results, CancellationToken.None);
        var verdict = RunVerdict.Of(planned, results.Count, failed, declined, taskErrors, request.MaxFailedFraction);
        await store.FinishRunAsync(runId, verdict.Status, verdict.Error, counts, CancellationToken.None);
        return new RunSummary(runId, verdict.Status, written.Value, failed, taskErrors) { Declined = declined, Planned = planned, Recorded = results.Count, Reason = verdict.Error };
    }

    private async Task HeartbeatAsync(string runId, TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await store.HeartbeatRunAsync(runId, clock.GetUtcNow(), CancellationToken.None);
                }
                catch (IOException)
                {
                    // A heartbeat that cannot be written is not the run's failure; a row that cannot be written is, and says so.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
    }

    private static async Task StopHeartbeatAsync(CancellationTokenSource stop, Task heartbeat)
    {
        await stop.CancelAsync();
        await heartbeat;
    }

    /// <summary>Best effort on the way out: when the database itself is what failed, the sweep marks the run later.</summary>
    private async Task TryFinishAsync(string runId, RunStatus status, string error, RunCounts? counts)
    {
        try
        {
            await store.FinishRunAsync(runId, status, error, counts, CancellationToken.None);
        }
        catch (IOException)
        {
        }
    }

    private async Task CreateRunAsync(string runId, Suite suite, string suitePath, string suiteJson, RunEnvironment environment, int planned, CancellationToken cancellationToken)
    {
        await store.CreateRunAsync(
            new RunRecord
            {
                RunId = runId,
                SuiteName = suite.Name,
                SuitePath = Path.GetFullPath(suitePath),
                SuiteJson = suiteJson,
                AppVersion = typeof(ComparisonRunner).Assembly.GetName().Version?.ToString() ?? "unknown",
                Host = Environment.MachineName,
                Tokenizer = environment.Tokens.Name,
                Models = environment.ModelLabels,
                Prices = suite.Prices,
                BootstrapSeed = suite.Seed,
                StartedAt = clock.GetUtcNow(),
                Status = RunStatus.Running,
                ExamplesPlanned = planned,
            },
            cancellationToken);
    }

    /// <summary>Each long-context model's effective context length from the recall tasks, when they span two or more lengths.</summary>
    private async Task SaveEffectiveLengthsAsync(string runId, Suite suite, IReadOnlyDictionary<string, TaskKind> kinds, TaskKindProfiles profiles, IReadOnlyList<ResultRecord> results, CancellationToken cancellationToken)
    {
        var claimed = (suite.Endpoints ?? []).Where(e => e.Value.ContextWindow is not null).Select(e => (e.Key, e.Value.ContextWindow!.Value))
            .Concat((suite.LocalModels ?? []).Where(m => m.Value.ContextWindow is not null).Select(m => (m.Key, m.Value.ContextWindow!.Value)))
            .DistinctBy(e => e.Key).ToDictionary(e => e.Key, e => e.Item2);
        await store.ReplaceEffectiveLengthsAsync(runId, EffectiveLengthCalculator.Compute(runId, results, kinds, profiles, suite.EffectiveLengthThreshold, claimed), cancellationToken);
    }

    /// <summary>
    /// Line summaries with bootstrap intervals, paired differences against long context and the rest of what the report
    /// shows (regressions against the suite's previous run included), derived from every row once and stored with the
    /// run, so no read of it reads its rows again.
    /// </summary>
    private async Task SaveFindingsAsync(string runId, IReadOnlyList<ResultRecord> results, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"run {runId} is not in the results database it was recorded in");
        await RunAnalyses.SaveAsync(store, runId, await RunAnalyses.ComputeAsync(store, run, results, cancellationToken), results, cancellationToken);
    }

    private async Task RunPipelineAsync(
        string runId, string taskName, TaskSet taskSet, IPipeline pipeline, IMetric metric, CostModel costs, EndpointGates gates,
        IReadOnlySet<(string, string, string, string)> recorded, CancellationToken stopRequested, IProgress<RunProgress>? progress, int planned, StrongBox<int> runWritten, CancellationToken cancellationToken)
    {
        var modelId = pipeline.ModelIdFor(taskSet.Kind);
        var pending = taskSet.Queries.Where(q => !recorded.Contains((taskName, pipeline.Name, modelId, q.Id))).ToList();
        var done = taskSet.Queries.Count - pending.Count;
        if (pending.Count == 0)
        {
            progress?.Report(new RunProgress(taskName, pipeline.Name, done, taskSet.Queries.Count) { RunPlanned = planned });
            return;
        }

        string? prepareError = null;
        var started = clock.GetTimestamp();
        // Preparing (embedding a large corpus) can take minutes: a stop request ends it, not just the examples after it.
        using var preparing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopRequested);
        try
        {
            await pipeline.PrepareAsync(taskSet, preparing.Token);
        }
        catch (OperationCanceledException) when (stopRequested.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return; // stopped while preparing: none of its examples ran; the run ends cancelled and resumable
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            prepareError = $"preparing {pipeline.Name} failed: {ex.Message}";
        }

        var prepareMs = clock.GetElapsedTime(started).TotalMilliseconds;

        // One-off work is priced as setup, whatever was already on disk: the same work has the same price, cold or warm.
        var (setupUsd, setupNote) = prepareError is null ? costs.SetupCost(pipeline.DescribeSetup(taskSet)) : (null, "not prepared");
        await store.AddRunPipelineAsync(new RunPipelineRecord { RunId = runId, TaskName = taskName, Pipeline = pipeline.Name, ModelId = modelId, PrepareMs = prepareMs, PrepareError = prepareError, SetupUsd = setupUsd, SetupNote = setupNote }, cancellationToken);
        var positions = taskSet.Corpus.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var (written, failed) = (0, 0);
        var gate = gates.For(modelId);
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = gate.Limit, CancellationToken = cancellationToken }, async (query, token) =>
        {
            if (stopRequested.IsCancellationRequested)
            {
                return; // examples in flight finish; no new ones start
            }

            await gate.Semaphore.WaitAsync(token);
            try
            {
                using var activity = telemetry?.Source.StartActivity("loftcompare.example");
                var exampleStarted = clock.GetUtcNow();
                var record = prepareError is null
                    ? await RunQueryAsync(runId, taskName, taskSet, query, pipeline, modelId, metric, costs, token)
                    : Failure(runId, taskName, pipeline.Name, modelId, query.Id, prepareError);
                telemetry?.Record(activity, record, exampleStarted);
                record = record with { GoldDepth = GoldDepth.Of(query, positions, taskSet.Corpus.Count) };
                await store.UpsertResultAsync(record, CancellationToken.None); // a finished example is always recorded
                Interlocked.Increment(ref written);
                Interlocked.Increment(ref runWritten.Value);
                if (record.Outcome == ExampleOutcome.Failed)
                {
                    Interlocked.Increment(ref failed);
                }

                progress?.Report(new RunProgress(taskName, pipeline.Name, done + Volatile.Read(ref written), taskSet.Queries.Count) { Failed = Volatile.Read(ref failed), RunPlanned = planned });
            }
            finally
            {
                gate.Semaphore.Release();
            }
        });
    }

    private async Task<ResultRecord> RunQueryAsync(string runId, string taskName, TaskSet taskSet, Query query, IPipeline pipeline, string modelId, IMetric metric, CostModel costs, CancellationToken cancellationToken)
    {
        PipelineOutput output;
        try
        {
            output = await pipeline.RunAsync(taskSet, query, cancellationToken);
        }
        catch (TaskKindNotSupportedException ex)
        {
            return Failure(runId, taskName, pipeline.Name, modelId, query.Id, $"declined: {ex.Message}") with { Outcome = ExampleOutcome.Declined };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failure(runId, taskName, pipeline.Name, modelId, query.Id, ex is ModelCallException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}") with
            {
                Attempts = (ex as ModelCallException)?.Attempts,
                BackoffMs = (ex as ModelCallException)?.BackoffMs,
            };
        }

        Dictionary<string, double> scores;
        try
        {
            using var scoring = telemetry?.Source.StartActivity("loftcompare.scoring");
            scoring?.SetTag("loftcompare.metric", metric.PrimaryScore).SetTag("loftcompare.rules", metric.Origin);
            scores = new Dictionary<string, double>(await metric.ScoreAsync(query, output.ParsedAnswer, output.RawOutput, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Failure(runId, taskName, pipeline.Name, modelId, query.Id, $"scoring failed: {ex.GetType().Name}: {ex.Message}") with { RawOutput = output.RawOutput };
        }

        if (output.ModelCalled && output.RetrievedIds.Count > 0 && query.GoldDocIds.Count > 0)
        {
            // Did the gold passage reach the reader? Tells a retrieval miss from a reader miss. (Where the retriever's
            // ranking is itself the answer, no reader was called and the metric already scores that ranking.)
            scores["retrieval_recall"] = RetrievalMetrics.RecallAtK(query.GoldDocIds, output.RetrievedIds, output.RetrievedIds.Count);
        }

        var priced = Price(costs, output, modelId);
        return new ResultRecord
        {
            RunId = runId,
            TaskName = taskName,
            Pipeline = pipeline.Name,
            ModelId = modelId,
            QueryId = query.Id,
            Prediction = output.ParsedAnswer,
            RawOutput = output.RawOutput,
            RetrievedIds = output.RetrievedIds,
            Scores = scores,
            PrimaryMetric = metric.PrimaryScore,
            PrimaryScore = scores[metric.PrimaryScore],
            InputTokens = output.InputTokens,
            OutputTokens = output.OutputTokens,
            CachedInputTokens = output.CachedInputTokens,
            TokenizerInputTokens = output.TokenizerInputTokens,
            TtftMs = output.TtftMs,
            ContextNote = output.ContextNote,
            Route = output.Route,
            CacheHit = output.CacheHit,
            CostUsd = priced.Usd,
            CacheBasis = priced.Work?.Basis,
            GpuSeconds = priced.Work?.GpuSeconds,
            PrefixTokens = output.PrefixTokens,
            Confidence = output.Confidence,
            EncodingsCached = output.EncodingsCached,
            ModelCalls = priced.Calls,
            RetrievalMs = output.RetrievalMs,
            ModelMs = output.ModelMs,
            TotalMs = output.TotalMs,
            RecordedAt = clock.GetUtcNow(),
            Outcome = ExampleOutcome.Succeeded,
            Attempts = output.Attempts,
            BackoffMs = output.BackoffMs,
            ModelWallMs = output.ModelWallMs,
        };
    }

    /// <summary>
    /// The example's cost from its tokens: each model call at its own model's price (Self-Route's fallback at the
    /// long-context model's), plus the query tokens the retriever embedded; and each call as it is stored. Null $ when
    /// a model that answered is unpriced, or when only the retriever answered and retrieval is unpriced.
    /// </summary>
    private static (double? Usd, PricedWork? Work, IReadOnlyList<ModelCallRecord>? Calls) Price(CostModel costs, PipelineOutput output, string modelId)
    {
        var embedding = costs.EmbeddingCost(output.EmbeddedTokens);
        // A plug-in pipeline that lists no calls made one, as the row's model, with the row's totals.
        IReadOnlyList<ModelUsage> calls = output.Calls.Count > 0 || !output.ModelCalled ? output.Calls
            : [new ModelUsage(modelId, output.InputTokens, output.CachedInputTokens, output.OutputTokens, output.PrefixTokens, output.ModelMs, output.TtftMs, output.ModelWallMs ?? output.ModelMs, output.Attempts ?? 1, output.BackoffMs ?? 0, output.CacheHit)];
        if (calls.Count == 0)
        {
            return (embedding, null, null);
        }

        PricedWork? total = null;
        var unpriced = false;
        var records = new List<ModelCallRecord>(calls.Count);
        foreach (var call in calls)
        {
            var priced = costs.PriceCall(call.ModelId, new ModelWork(call.InputTokens, call.OutputTokens, call.CachedInputTokens, call.PrefixTokens));
            records.Add(new ModelCallRecord
            {
                ModelId = call.ModelId, InputTokens = call.InputTokens, CachedInputTokens = call.CachedInputTokens, OutputTokens = call.OutputTokens, PrefixTokens = call.PrefixTokens,
                CostUsd = priced?.Usd, ModelMs = call.ModelMs, TtftMs = call.TtftMs, ModelWallMs = call.ModelWallMs, Attempts = call.Attempts, BackoffMs = call.BackoffMs, CacheHit = call.CacheHit,
            });
            unpriced |= priced is null;
            total = priced is null ? total : total is null ? priced : total.Plus(priced);
        }

        return unpriced || total is null ? (null, null, records) : (total.Usd + (embedding ?? 0), total, records);
    }

    private ResultRecord Failure(string runId, string taskName, string pipeline, string modelId, string queryId, string error) => new()
    {
        RunId = runId,
        TaskName = taskName,
        Pipeline = pipeline,
        ModelId = modelId,
        QueryId = queryId,
        Error = error,
        Outcome = ExampleOutcome.Failed,
        RecordedAt = clock.GetUtcNow(),
    };
}
