using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters;

/// <summary>Loads one published dataset format into a <see cref="TaskSet"/>.</summary>
public interface IDatasetAdapter
{
    /// <summary>The name suites use to select this adapter.</summary>
    string Name { get; }

    /// <summary>Loads the set; throws <see cref="DatasetFormatException"/> naming file, line and field on bad input.</summary>
    Task<TaskSet> LoadAsync(DatasetSpec spec, CancellationToken cancellationToken = default);
}
