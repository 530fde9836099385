using System.Runtime.CompilerServices;
using System.Text.Json;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Helmet;

/// <summary>Reads HELMET data files: JSON Lines, or a JSON array (optionally under <c>"data"</c>, as ALCE and KILT ship them).</summary>
internal static class HelmetRecords
{
    /// <summary>The data file for a spec: the path itself, or <c>{split}.jsonl</c> / <c>{split}.json</c> inside a folder.</summary>
    public static string? FileFor(DatasetSpec spec, DatasetProblems? problems)
    {
        var path = System.IO.Path.GetFullPath(spec.Path);
        if (File.Exists(path))
        {
            return path;
        }

        foreach (var candidate in new[] { $"{spec.Split}.jsonl", $"{spec.Split}.json" }.Select(name => System.IO.Path.Combine(path, name)))
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, $"no data file: give a .jsonl/.json file or a folder holding {spec.Split}.jsonl"));
        return null;
    }

    public static async IAsyncEnumerable<(int Line, JsonElement Record)> ReadAsync(string path, DatasetProblems? problems, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            await foreach (var item in JsonlFile.ReadAsync(path, problems, cancellationToken))
            {
                yield return item;
            }

            yield break;
        }

        if (await JsonlFile.ReadDocumentAsync(path, problems, cancellationToken) is not { } root)
        {
            yield break;
        }

        var items = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) ? data : root;
        if (items.ValueKind != JsonValueKind.Array)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, $"expected a JSON array of records (or {{\"data\": [...]}}), found {items.ValueKind}"));
            yield break;
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            index++; // records of a JSON array are numbered from 1 where a line number would be
            yield return (index, item);
        }
    }

    /// <summary>
    /// The shared shape of a HELMET adapter: find the file, turn every record into a query (its passages pooled in one
    /// corpus), report bad records without stopping when validating, then refuse duplicate ids and apply MaxQueries.
    /// </summary>
    public static async Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems, TaskKind kind, Func<JsonElement, string, int, SampleCorpus, Query> readRecord, CancellationToken cancellationToken)
    {
        if (FileFor(spec, problems) is not { } path)
        {
            return null;
        }

        var corpus = new SampleCorpus();
        var queries = new List<Query>();
        await foreach (var (line, record) in ReadAsync(path, problems, cancellationToken))
        {
            DatasetProblems.Collect(problems, () => queries.Add(readRecord(record, path, line, corpus)));
        }

        if (corpus.Documents.Count == 0 || queries.Count == 0)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, "no records with passages"));
            return null;
        }

        return TaskSetFinish.Create(spec with { Path = path }, problems, path, System.IO.Path.GetFileNameWithoutExtension(path), kind, corpus.Documents, queries);
    }

    /// <summary>An array field of objects (<c>ctxs</c>, <c>docs</c>).</summary>
    public static List<JsonElement> Objects(JsonElement record, string field, string path, int line)
    {
        if (!record.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new DatasetFormatException(path, line, field, value.ValueKind == JsonValueKind.Undefined ? "missing" : $"expected an array, found {value.ValueKind}");
        }

        var items = value.EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind != JsonValueKind.Object)
            {
                throw new DatasetFormatException(path, line, $"{field}[{i}]", $"expected an object, found {items[i].ValueKind}");
            }
        }

        return items;
    }

    public static bool Flag(JsonElement record, string field) => record.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>The record's id field, else its line (or index) number.</summary>
    public static string Id(JsonElement record, string field, string path, int line)
        => record.TryGetProperty(field, out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number ? JsonlFile.RequiredString(record, field, path, line) : line.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
