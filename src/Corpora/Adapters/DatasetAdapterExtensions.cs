using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters;

public static class DatasetAdapterExtensions
{
    /// <summary>Loads a set, throwing <see cref="DatasetFormatException"/> at the first problem; never returns null.</summary>
    public static async Task<TaskSet> LoadOrThrowAsync(this IDatasetAdapter adapter, DatasetSpec spec, CancellationToken cancellationToken = default)
        => await adapter.LoadAsync(spec, problems: null, cancellationToken)
            ?? throw new DatasetFormatException(spec.Path, 0, null, $"adapter '{adapter.Name}' found nothing to load");
}
