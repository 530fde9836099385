using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters;

/// <summary>What a suite asks an adapter to load.</summary>
/// <param name="Adapter">The adapter's registered name (e.g. <c>loft</c>).</param>
/// <param name="Path">The dataset folder or file, resolved by the caller.</param>
/// <param name="Split">The query split (<c>test</c>, <c>dev</c>, ...).</param>
/// <param name="Kind">The task kind; null lets the adapter infer it from the published layout.</param>
/// <param name="MaxQueries">Run only the first N queries of the split; null for all.</param>
public sealed record DatasetSpec(string Adapter, string Path, string Split = "test", TaskKind? Kind = null, int? MaxQueries = null);
