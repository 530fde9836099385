using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters;

/// <summary>Loads one published dataset format into a <see cref="TaskSet"/>.</summary>
public interface IDatasetAdapter
{
    /// <summary>The name suites use to select this adapter.</summary>
    string Name { get; }

    /// <summary>
    /// Loads the set. Without <paramref name="problems"/> it throws <see cref="DatasetFormatException"/> (naming file, line
    /// and field) at the first bad input; with it, it reports every problem there, skips the bad records, and returns what
    /// it could read (null when nothing usable was found).
    /// </summary>
    Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default);
}
