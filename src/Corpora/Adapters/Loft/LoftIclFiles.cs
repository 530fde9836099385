using System.Text.Json;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Loft;

/// <summary>
/// LOFT's many-shot ICL files as published for BBH: <c>corpus.json</c> (the demonstrations) and
/// <c>{split}_queries.json</c>, each a JSON array of <c>{input, target}</c>. A demonstration becomes a document whose
/// title is its label (<c>target</c>) and whose text is its input, so a retriever can pick demonstrations for RAG.
/// </summary>
public static class LoftIclFiles
{
    public const string CorpusFile = "corpus.json";

    public static async Task<List<Document>> ReadCorpusAsync(string path, DatasetProblems? problems, CancellationToken cancellationToken)
        => (await ReadAsync(path, problems, cancellationToken)).Select(e => new Document(e.Id, e.Target, e.Input)).ToList();

    public static async Task<List<Query>> ReadQueriesAsync(string path, DatasetProblems? problems, CancellationToken cancellationToken)
        => (await ReadAsync(path, problems, cancellationToken)).Select(e => new Query(e.Id, e.Input, [e.Target], [])).ToList();

    /// <summary>Writes demonstrations and query splits as BBH-style arrays of <c>{input, target}</c>.</summary>
    public static async Task WriteAsync(string folder, IReadOnlyList<Document> demonstrations, IReadOnlyDictionary<string, IReadOnlyList<Query>> splits, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await File.WriteAllTextAsync(Path.Combine(folder, CorpusFile), JsonSerializer.Serialize(demonstrations.Select(d => new { input = d.Text, target = d.Title }), options), cancellationToken);
        foreach (var (split, queries) in splits)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, $"{split}_queries.json"), JsonSerializer.Serialize(queries.Select(q => new { input = q.Text, target = q.Answers[0] }), options), cancellationToken);
        }
    }

    private static async Task<List<(string Id, string Input, string Target)>> ReadAsync(string path, DatasetProblems? problems, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, "file is missing"));
            return [];
        }

        if (await JsonlFile.ReadDocumentAsync(path, problems, cancellationToken) is not { } root)
        {
            return [];
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, $"expected a JSON array of {{input, target}} objects, found {root.ValueKind}"));
            return [];
        }

        var examples = new List<(string, string, string)>();
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            var at = index;
            DatasetProblems.Collect(problems, () => examples.Add((at.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(item, at, "input", path), Field(item, at, "target", path))));

            index++;
        }

        return examples;
    }

    private static string Field(JsonElement item, int index, string name, string path)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new DatasetFormatException(path, 0, $"[{index}]", $"expected an object, found {item.ValueKind}");
        }

        return item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new DatasetFormatException(path, 0, $"[{index}].{name}", value.ValueKind == JsonValueKind.Undefined ? "missing" : $"expected a string, found {value.ValueKind}");
    }
}
