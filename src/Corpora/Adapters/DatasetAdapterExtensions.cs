using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters;

/// <summary>
/// The adapter contract at its boundary: an adapter reports problems as <see cref="DatasetFormatException"/>s; anything
/// else that escapes one (a parser's own exception, a bug) is wrapped here with the adapter's name and the path, so a run
/// or <c>datasets validate</c> records it like any bad input instead of stopping.
/// </summary>
public static class DatasetAdapterExtensions
{
    /// <summary>Loads a set, throwing <see cref="DatasetFormatException"/> at the first problem; never returns null.</summary>
    public static async Task<TaskSet> LoadOrThrowAsync(this IDatasetAdapter adapter, DatasetSpec spec, CancellationToken cancellationToken = default)
        => await adapter.LoadCheckedAsync(spec, problems: null, cancellationToken)
            ?? throw new DatasetFormatException(spec.Path, 0, null, $"adapter '{adapter.Name}' found nothing to load");

    /// <summary><see cref="IDatasetAdapter.LoadAsync"/> with anything but a <see cref="DatasetFormatException"/> turned into one that names the adapter and the path.</summary>
    public static async Task<TaskSet?> LoadCheckedAsync(this IDatasetAdapter adapter, DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await adapter.LoadAsync(spec, problems, cancellationToken);
        }
        catch (Exception ex) when (ex is not DatasetFormatException and not OperationCanceledException)
        {
            var wrapped = new DatasetFormatException(spec.Path, 0, null, $"adapter '{adapter.Name}' failed: {ex.GetType().Name}: {ex.Message}", ex);
            DatasetProblems.Raise(problems, wrapped);
            return null;
        }
    }
}
