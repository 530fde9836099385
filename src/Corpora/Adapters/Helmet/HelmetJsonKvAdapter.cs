using System.Text.Json;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Shipped;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Helmet;

/// <summary>
/// HELMET's JSON KV files: <c>context</c> (text holding one JSON object of UUID keys and values), <c>question</c> (the
/// key) and <c>answer</c> (its value). The object is split, in order, into documents of
/// <see cref="JsonKvBuilder.PairsPerDocument"/> pairs, which form the record's context; the document holding the key
/// is the gold, so its depth is kept.
/// </summary>
public sealed class HelmetJsonKvAdapter : IDatasetAdapter
{
    public string Name => "helmet-json-kv";

    public Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
        => HelmetRecords.LoadAsync(spec, problems, TaskKind.Recall, ReadRecord, cancellationToken);

    private static Query ReadRecord(JsonElement record, string path, int line, SampleCorpus corpus)
    {
        var key = JsonlFile.RequiredString(record, "question", path, line);
        var answer = JsonlFile.RequiredString(record, "answer", path, line);
        var pairs = Pairs(JsonlFile.RequiredString(record, "context", path, line), path, line);
        var keyAt = pairs.FindIndex(p => p.Key == key);
        if (keyAt < 0 || pairs[keyAt].Value != answer)
        {
            throw new DatasetFormatException(path, line, "question", keyAt < 0 ? $"key '{key}' is not in the context's JSON object" : $"the context gives key '{key}' the value '{pairs[keyAt].Value}', not the answer");
        }

        var context = new List<string>();
        var gold = string.Empty;
        foreach (var (chunk, index) in pairs.Chunk(JsonKvBuilder.PairsPerDocument).Select((c, i) => (c, i)))
        {
            var id = corpus.Add("JSON data", JsonSerializer.Serialize(chunk.ToDictionary(p => p.Key, p => p.Value)), null, path, line, "context");
            context.Add(id);
            gold = index == keyAt / JsonKvBuilder.PairsPerDocument ? id : gold;
        }

        var text = $"Extract the value corresponding to the key \"{key}\" from the JSON data above.";
        return new Query(HelmetRecords.Id(record, "id", path, line), text, [answer], [gold]) { ContextIds = context };
    }

    private static List<KeyValuePair<string, string>> Pairs(string context, string path, int line)
    {
        var start = context.IndexOf('{');
        var end = context.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            throw new DatasetFormatException(path, line, "context", "holds no JSON object");
        }

        try
        {
            using var json = JsonDocument.Parse(context[start..(end + 1)]);
            return json.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())).ToList();
        }
        catch (JsonException ex)
        {
            throw new DatasetFormatException(path, line, "context", $"its JSON object does not parse ({ex.Message})", ex);
        }
    }
}
