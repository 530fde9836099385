namespace LoftCompare.Results;

/// <summary>
/// Copies runs from one results store to another (SQLite → PostgreSQL and back) through the store contracts: each run
/// with its tasks, pipelines, every result row and its aggregates, as recorded (status, times, errors). A run the target
/// already holds finished is skipped; one an interrupted export left unfinished there is completed (every write is an
/// upsert), so an export cut short can simply be run again. Jobs are not copied: a queue belongs to its store.
/// </summary>
public sealed class ResultsExporter(IRunQueries source, IResultStore target)
{
    private const int Batch = 1_000;

    /// <returns>Runs copied, runs skipped because the target had them, and result rows copied.</returns>
    public async Task<(int Copied, int Skipped, int Rows)> ExportAsync(string? runId = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var runs = runId is null
            ? await source.GetRunsAsync(cancellationToken)
            : [await source.GetRunAsync(runId, cancellationToken) ?? throw UsageException.RunNotFound(runId, "the source store")];
        var (copied, skipped, rows) = (0, 0, 0);
        foreach (var run in runs)
        {
            var there = await target.GetRunAsync(run.RunId, cancellationToken);
            if (there is { EndedAt: not null } || (there is not null && run.EndedAt is null))
            {
                skipped++;
                continue;
            }

            // The run row goes in still 'running' and ends with its recorded status last, so an export cut short
            // leaves a run the sweep or a re-export can tell apart from a finished one (and the re-export finishes it).
            if (there is null)
            {
                await target.CreateRunAsync(run with { Status = RunStatus.Running, EndedAt = null, Error = null }, cancellationToken);
            }

            foreach (var task in await source.GetRunTasksAsync(run.RunId, cancellationToken))
            {
                await target.AddRunTaskAsync(task, cancellationToken);
            }

            foreach (var pipeline in await source.GetRunPipelinesAsync(run.RunId, cancellationToken))
            {
                await target.AddRunPipelineAsync(pipeline, cancellationToken);
            }

            // Streamed, and written a batch per transaction: a million-row run is copied in constant memory, fast.
            var copiedRows = 0;
            var batch = new List<ResultRecord>(Batch);
            await foreach (var result in source.StreamResultsAsync(run.RunId, cancellationToken))
            {
                batch.Add(result);
                if (batch.Count == Batch)
                {
                    await target.UpsertResultsAsync(batch, cancellationToken);
                    copiedRows += batch.Count;
                    batch.Clear();
                }
            }

            await target.UpsertResultsAsync(batch, cancellationToken);
            copiedRows += batch.Count;

            await target.ReplaceAggregatesAsync(
                run.RunId, await source.GetAggregatesAsync(run.RunId, cancellationToken), await source.GetComparisonsAsync(run.RunId, cancellationToken),
                await source.GetRunLinesAsync(run.RunId, cancellationToken), cancellationToken);
            if (await source.GetRunAnalysisAsync(run.RunId, cancellationToken) is { } analysis)
            {
                await target.ReplaceRunAnalysisAsync(analysis, cancellationToken);
            }

            await target.ReplaceEffectiveLengthsAsync(run.RunId, await source.GetEffectiveLengthsAsync(run.RunId, cancellationToken), cancellationToken);
            await target.RecordRunEndAsync(run, cancellationToken);
            copied++;
            rows += copiedRows;
            progress?.Report($"{run.RunId}: {copiedRows} rows");
        }

        return (copied, skipped, rows);
    }
}
