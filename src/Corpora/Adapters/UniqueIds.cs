namespace LoftCompare.Corpora.Adapters;

/// <summary>What every adapter checks: ids are unique within a file (naming the first line), and gold documents exist.</summary>
public sealed class UniqueIds(string path, string field)
{
    private readonly Dictionary<string, int> firstLine = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Ids => firstLine.Keys;

    /// <summary>Records an id; a second one is a <see cref="DatasetFormatException"/> naming both lines.</summary>
    public void Add(string id, int line)
    {
        if (!firstLine.TryAdd(id, line))
        {
            throw new DatasetFormatException(path, line, field, $"duplicate id '{id}' (first on line {firstLine[id]})");
        }
    }

    public bool Contains(string id) => firstLine.ContainsKey(id);

    /// <summary>Every gold id must be a document of the corpus.</summary>
    public void RequireAll(IEnumerable<string> goldIds, string goldPath, int line, string goldField)
    {
        if (goldIds.FirstOrDefault(id => !firstLine.ContainsKey(id)) is { } missing)
        {
            throw new DatasetFormatException(goldPath, line, goldField, $"gold document '{missing}' is not in the corpus");
        }
    }
}
