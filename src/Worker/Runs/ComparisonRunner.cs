using System.Text.Json;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Results;
using LoftCompare.Pipelines.Running;
using LoftCompare.Worker.Suites;

namespace LoftCompare.Worker.Runs;

/// <summary>
/// Runs every task of a suite through every pipeline on the same queries, scoring and recording each example as it
/// finishes. A failing example or task is recorded with its error and the run goes on; rows already written stay.
/// </summary>
public sealed class ComparisonRunner(IResultStore store, DatasetAdapterRegistry adapters, MetricRegistry metrics, TimeProvider clock)
{
    public async Task<RunSummary> RunAsync(Suite suite, string suitePath, string suiteJson, RunEnvironment environment, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var runId = $"{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}";
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
                ModelsJson = JsonSerializer.Serialize(environment.ModelLabels),
                StartedAt = clock.GetUtcNow().ToString("O"),
                Status = "running",
            },
            cancellationToken);

        var rows = 0;
        var failed = 0;
        var taskErrors = new List<string>();
        try
        {
            foreach (var task in suite.Tasks)
            {
                var spec = SuiteLoader.SpecFor(task, suitePath);
                TaskSet taskSet;
                try
                {
                    taskSet = await adapters.Get(spec.Adapter).LoadAsync(spec, cancellationToken);
                }
                catch (Exception ex) when (ex is DatasetFormatException or UnknownDatasetAdapterException or IOException)
                {
                    taskErrors.Add($"task '{task.Name}': {ex.Message}");
                    continue;
                }

                await store.AddRunTaskAsync(
                    new RunTaskRecord
                    {
                        RunId = runId,
                        TaskName = task.Name,
                        TaskKind = TaskKinds.Name(taskSet.Kind),
                        DatasetName = taskSet.Name,
                        Adapter = spec.Adapter,
                        Source = taskSet.Source,
                        Split = spec.Split,
                        ContentHash = taskSet.ContentHash,
                        Documents = taskSet.Corpus.Count,
                        Queries = taskSet.Queries.Count,
                    },
                    cancellationToken);

                var metric = metrics.For(taskSet.Kind);
                foreach (var pipeline in environment.Pipelines)
                {
                    var (written, errors) = await RunPipelineAsync(runId, task.Name, taskSet, pipeline, metric, progress, cancellationToken);
                    rows += written;
                    failed += errors;
                }
            }
        }
        catch (OperationCanceledException)
        {
            await store.FinishRunAsync(runId, "cancelled", "cancelled before the end", CancellationToken.None);
            throw;
        }

        var status = taskErrors.Count == 0 ? "succeeded" : "failed";
        await store.FinishRunAsync(runId, status, taskErrors.Count == 0 ? null : string.Join("; ", taskErrors), CancellationToken.None);
        return new RunSummary(runId, status, rows, failed, taskErrors);
    }

    private async Task<(int Written, int Failed)> RunPipelineAsync(string runId, string taskName, TaskSet taskSet, IPipeline pipeline, IMetric metric, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var modelId = pipeline.ModelIdFor(taskSet.Kind);
        string? prepareError = null;
        try
        {
            await pipeline.PrepareAsync(taskSet, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            prepareError = $"preparing {pipeline.Name} failed: {ex.Message}";
        }

        var (written, failed) = (0, 0);
        foreach (var query in taskSet.Queries)
        {
            var record = prepareError is null
                ? await RunQueryAsync(runId, taskName, taskSet, query, pipeline, modelId, metric, cancellationToken)
                : Failure(runId, taskName, pipeline.Name, modelId, query.Id, prepareError);
            await store.UpsertResultAsync(record, cancellationToken);
            written++;
            failed += record.Error is null ? 0 : 1;
            progress?.Report(new RunProgress(taskName, pipeline.Name, written, taskSet.Queries.Count));
        }

        return (written, failed);
    }

    private async Task<ResultRecord> RunQueryAsync(string runId, string taskName, TaskSet taskSet, Query query, IPipeline pipeline, string modelId, IMetric metric, CancellationToken cancellationToken)
    {
        PipelineOutput output;
        try
        {
            output = await pipeline.RunAsync(taskSet, query, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failure(runId, taskName, pipeline.Name, modelId, query.Id, $"{ex.GetType().Name}: {ex.Message}");
        }

        var scores = new Dictionary<string, double>(metric.Score(query, output.ParsedAnswer));
        if (taskSet.Kind != TaskKind.Retrieval && output.RetrievedIds.Count > 0 && query.GoldDocIds.Count > 0)
        {
            // Did the gold passage reach the reader? Tells a retrieval miss from a reader miss.
            scores["retrieval_recall"] = RetrievalMetrics.RecallAtK(query.GoldDocIds, output.RetrievedIds, output.RetrievedIds.Count);
        }

        return new ResultRecord
        {
            RunId = runId,
            TaskName = taskName,
            Pipeline = pipeline.Name,
            ModelId = modelId,
            QueryId = query.Id,
            Prediction = output.ParsedAnswer is null ? null : JsonSerializer.Serialize(output.ParsedAnswer),
            RawOutput = output.RawOutput,
            RetrievedIds = JsonSerializer.Serialize(output.RetrievedIds),
            ScoresJson = JsonSerializer.Serialize(scores),
            PrimaryMetric = metric.PrimaryScore,
            PrimaryScore = scores[metric.PrimaryScore],
            InputTokens = output.InputTokens,
            OutputTokens = output.OutputTokens,
            RetrievalMs = output.RetrievalMs,
            ModelMs = output.ModelMs,
            TotalMs = output.TotalMs,
            RecordedAt = clock.GetUtcNow().ToString("O"),
        };
    }

    private ResultRecord Failure(string runId, string taskName, string pipeline, string modelId, string queryId, string error) => new()
    {
        RunId = runId,
        TaskName = taskName,
        Pipeline = pipeline,
        ModelId = modelId,
        QueryId = queryId,
        Error = error,
        RecordedAt = clock.GetUtcNow().ToString("O"),
    };
}
