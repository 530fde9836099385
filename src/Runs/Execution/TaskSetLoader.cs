using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Runs.Execution;

/// <summary>
/// Loads a suite's task sets through their adapters, checking each before any model runs: a set that fails to load or
/// has no queries becomes one problem naming the task (and the file and line, from the adapter's own errors).
/// Used by a run and by <c>enqueue</c>'s check, so both refuse the same things with the same words.
/// </summary>
public static class TaskSetLoader
{
    public static async Task<IReadOnlyList<(SuiteTask Task, DatasetSpec Spec, TaskSet TaskSet)>> LoadAsync(
        DatasetAdapterRegistry adapters, Suite suite, string suitePath, TaskKindProfiles kinds, ICollection<string> problems, CancellationToken cancellationToken)
    {
        var loaded = new List<(SuiteTask Task, DatasetSpec Spec, TaskSet TaskSet)>();
        foreach (var task in suite.Tasks)
        {
            var spec = SuiteLoader.SpecFor(task, suitePath, kinds);
            try
            {
                var taskSet = await adapters.Get(spec.Adapter).LoadOrThrowAsync(spec, cancellationToken);
                if (taskSet.Queries.Count == 0)
                {
                    // n = 0 would "succeed" with no evidence at all.
                    problems.Add($"task '{task.Name}': split '{spec.Split}' of '{spec.Path}' has no queries");
                    continue;
                }

                loaded.Add((task, spec, taskSet));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An adapter's own errors name file and line; anything else is named with the task and the path here.
                problems.Add(ex is DatasetFormatException or UnknownDatasetAdapterException
                    ? $"task '{task.Name}': {ex.Message}"
                    : $"task '{task.Name}': loading '{spec.Path}' with adapter '{spec.Adapter}' failed: {ex.GetType().Name}: {ex.Message}");
            }
        }

        return loaded;
    }
}
