namespace LoftCompare.Corpora.Adapters;

/// <summary>A suite named an adapter that is not registered.</summary>
public sealed class UnknownDatasetAdapterException(string name, IEnumerable<string> known)
    : Exception($"Unknown dataset adapter '{name}'; known adapters: {string.Join(", ", known)}.")
{
    public string Name { get; } = name;
}
