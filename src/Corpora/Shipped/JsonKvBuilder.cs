using System.Text.Json;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Shipped;

/// <summary>
/// HELMET-style JSON key-value retrieval: a JSON object of random UUID keys and values, split into documents of a few
/// pairs each so a retriever can index it; each query asks for the value of one key. Keys asked about sit at evenly
/// spaced depths, which are recorded through the gold document. Sized with the run's tokenizer; deterministic for a seed.
/// </summary>
public static class JsonKvBuilder
{
    public const int PairsPerDocument = 8;

    public static (IReadOnlyList<Document> Corpus, IReadOnlyList<Query> Queries) Build(int corpusTokens, int queries, int seed, Func<string, int> countTokens)
    {
        var random = new Random(seed);
        string Uuid()
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes).ToString();
        }

        var documents = new List<(Document Document, List<(string Key, string Value)> Pairs)>();
        var tokens = 0;
        while (true)
        {
            var pairs = Enumerable.Range(0, PairsPerDocument).Select(_ => (Key: Uuid(), Value: Uuid())).ToList();
            var text = JsonSerializer.Serialize(pairs.ToDictionary(p => p.Key, p => p.Value));
            var cost = countTokens(text) + 20; // the document's ID line around it
            if (tokens + cost > corpusTokens)
            {
                break;
            }

            tokens += cost;
            documents.Add((new Document($"kv{documents.Count + 1:D4}", "JSON data", text), pairs));
        }

        if (documents.Count < 2)
        {
            throw new DatasetBuildException($"{corpusTokens} tokens hold fewer than two JSON documents.");
        }

        var asked = new List<Query>();
        for (var i = 0; i < queries; i++)
        {
            var index = (int)Math.Round((i + 0.5) / queries * (documents.Count - 1));
            var (document, pairs) = documents[index];
            var (key, value) = pairs[random.Next(pairs.Count)];
            asked.Add(new Query($"q{i + 1:D3}", $"Extract the value corresponding to the key \"{key}\" from the JSON data above.", [value], [document.Id]));
        }

        return (documents.Select(d => d.Document).ToList(), asked);
    }
}
