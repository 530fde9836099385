using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters;

/// <summary>What a suite asks an adapter to load.</summary>
/// <param name="Adapter">The adapter's registered name (e.g. <c>loft</c>).</param>
/// <param name="Path">The dataset folder or file, resolved by the caller.</param>
/// <param name="Split">The query split (<c>test</c>, <c>dev</c>, ...).</param>
/// <param name="Kind">The task kind; null lets the adapter infer it from the published layout.</param>
/// <param name="MaxQueries">Run only the first N queries of the split; null for all.</param>
public sealed record DatasetSpec(string Adapter, string Path, string Split = "test", TaskKind? Kind = null, int? MaxQueries = null)
{
    /// <summary>Adapter-specific settings from the suite's <c>options</c> (e.g. HELMET ICL <c>shots</c>).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>An integer option, or <paramref name="fallback"/> when absent; a malformed value is a dataset error naming the option.</summary>
    public int IntOption(string name, int fallback)
        => !Options.TryGetValue(name, out var text) ? fallback
            : int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0 ? value
            : throw new DatasetFormatException(Path, 0, $"options.{name}", $"expected a non-negative integer, found '{text}'");
}
