using System.Collections.Concurrent;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Results;
using LoftCompare.Runs;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Worker.Serving;

/// <summary>
/// The task sets behind a run's rows (query text, gold, passages), read from the suite recorded with the run, loaded
/// once per (run, task) and checked against the content hash the run recorded: a dataset that changed or moved since
/// is said, never shown as if it were what the run saw.
/// </summary>
public sealed class TaskSetCache(LoftCompareCatalog catalog)
{
    private readonly ConcurrentDictionary<(string RunId, string Task), Lazy<Task<(TaskSet? Set, string? Problem)>>> sets = new();

    public Task<(TaskSet? Set, string? Problem)> GetAsync(RunRecord run, RunTaskRecord task)
        => sets.GetOrAdd((run.RunId, task.TaskName), _ => new Lazy<Task<(TaskSet?, string?)>>(() => LoadAsync(run, task))).Value;

    private async Task<(TaskSet?, string?)> LoadAsync(RunRecord run, RunTaskRecord task)
    {
        try
        {
            var suite = SuiteLoader.Parse(run.SuiteJson, run.SuitePath, catalog.Vocabulary);
            var suiteTask = suite.Tasks.FirstOrDefault(t => t.Name == task.TaskName);
            if (suiteTask is null)
            {
                return (null, $"task '{task.TaskName}' is not in the suite recorded with the run");
            }

            var spec = SuiteLoader.SpecFor(suiteTask, run.SuitePath, catalog.Kinds);
            var set = await catalog.DatasetAdapters.Get(spec.Adapter).LoadOrThrowAsync(spec, CancellationToken.None);
            return set.ContentHash == task.ContentHash
                ? (set, null)
                : (null, $"the dataset at '{spec.Path}' has changed since the run (content hash {set.ContentHash[..12]}, the run saw {task.ContentHash[..12]})");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"the dataset behind task '{task.TaskName}' cannot be read now: {ex.Message}");
        }
    }
}
