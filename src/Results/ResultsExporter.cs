namespace LoftCompare.Results;

/// <summary>
/// Copies runs from one results store to another (SQLite → PostgreSQL and back) through the store contracts: each run
/// with its tasks, pipelines, every result row and its aggregates, as recorded (status, times, errors). A run the target
/// already holds finished is skipped; one an interrupted export left unfinished there is completed (every write is an
/// upsert), so an export cut short can simply be run again. Jobs are not copied: a queue belongs to its store.
/// </summary>
public sealed class ResultsExporter(IRunQueries source, IResultStore target)
{
    /// <returns>Runs copied, runs skipped because the target had them, and result rows copied.</returns>
    public async Task<(int Copied, int Skipped, int Rows)> ExportAsync(string? runId = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var runs = runId is null
            ? await source.GetRunsAsync(cancellationToken)
            : [await source.GetRunAsync(runId, cancellationToken) ?? throw new ArgumentException($"Run '{runId}' is not in the source store.")];
        var (copied, skipped, rows) = (0, 0, 0);
        foreach (var run in runs)
        {
            var there = await target.GetRunAsync(run.RunId, cancellationToken);
            if (there is { EndedAt: not null } || (there is not null && run.EndedAt is null))
            {
                skipped++;
                continue;
            }

            var results = await source.GetResultsAsync(run.RunId, cancellationToken);

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

            foreach (var result in results)
            {
                await target.UpsertResultAsync(result, cancellationToken);
            }

            await target.ReplaceAggregatesAsync(run.RunId, await source.GetAggregatesAsync(run.RunId, cancellationToken), await source.GetComparisonsAsync(run.RunId, cancellationToken), cancellationToken);
            await target.ReplaceEffectiveLengthsAsync(run.RunId, await source.GetEffectiveLengthsAsync(run.RunId, cancellationToken), cancellationToken);
            await target.RecordRunEndAsync(run, cancellationToken);
            copied++;
            rows += results.Count;
            progress?.Report($"{run.RunId}: {results.Count} rows");
        }

        return (copied, skipped, rows);
    }
}
