using System.Text.Json;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Helmet;

/// <summary>
/// HELMET's many-shot ICL (TREC coarse/fine, BANKING77, CLINC150, NLU) from local files: a folder with
/// <c>train.jsonl</c> and <c>{split}.jsonl</c>, each line <c>{"text": ..., "label": ...}</c> (label a string or a
/// number). <c>options.shots</c> demonstrations per query, or HELMET's count for <c>options.length</c> (8k…128k) and
/// the dataset (<c>options.dataset</c>, else the folder name: trec_coarse, trec_fine, banking77, clinic150, nlu), else 100; with <c>options.balance</c> = 1 (default)
/// they are label-balanced as HELMET builds them — rounds holding one example of every label, shuffled within each
/// round, the same demonstrations for every query — otherwise drawn per query from a seed derived from its text.
/// Labels are kept as written (HELMET's <c>natural_label</c> setting). Our RNG, so the draws differ from HELMET's.
/// </summary>
public sealed class HelmetIclAdapter : IDatasetAdapter
{
    public string Name => "helmet-icl";

    public async Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(spec.Path);
        var train = await ReadAsync(Path.Combine(folder, "train.jsonl"), problems, cancellationToken);
        var test = await ReadAsync(Path.Combine(folder, $"{spec.Split}.jsonl"), problems, cancellationToken);
        if (train.Count == 0 || test.Count == 0)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(folder, 0, null, $"an ICL folder needs train.jsonl and {spec.Split}.jsonl with records"));
            return null;
        }

        var dataset = spec.Options.GetValueOrDefault("dataset") ?? Path.GetFileName(folder);
        var published = spec.Options.TryGetValue("length", out var length)
            ? HelmetIclShots.For(dataset, length) ?? throw new DatasetFormatException(folder, 0, "options.length", $"HELMET sets no shot count for '{dataset}' at '{length}' (datasets: {string.Join(", ", HelmetIclShots.Datasets)}; lengths 8k to 128k); give options.shots")
            : (int?)null;
        var shots = spec.IntOption("shots", published ?? 100);
        var seed = spec.IntOption("seed", 42);
        var balanced = spec.IntOption("balance", 1) == 1;
        var documents = train.Select((e, i) => new Document($"t{i + 1:D5}", e.Label, e.Text)).ToList();
        var queries = test.Take(spec.MaxQueries ?? int.MaxValue).Select((e, i) => new Query($"q{i + 1:D4}", e.Text, [e.Label], [])).ToList();
        if (balanced)
        {
            // A label with fewer examples than rounds repeats them, as HELMET does; each shot gets its own id.
            var demos = Balanced(documents, shots, new Random(seed)).Select((d, i) => d with { Id = $"s{i + 1:D5}" }).ToList();
            return TaskSetFinish.Create(spec, problems, folder, Path.GetFileName(folder), TaskKind.Icl, demos, queries);
        }

        var perQuery = queries.Select(q => q with { ContextIds = Sample(documents, shots, new Random(unchecked(StableHash(q.Text) + seed))).Select(d => d.Id).ToList() }).ToList();
        var used = perQuery.SelectMany(q => q.ContextIds).ToHashSet(StringComparer.Ordinal);
        return TaskSetFinish.Create(spec, problems, folder, Path.GetFileName(folder), TaskKind.Icl, documents.Where(d => used.Contains(d.Id)).ToList(), perQuery);
    }

    /// <summary>HELMET's balance_labels: ceil(shots / labels) rounds, each one example per label in shuffled order; the first <paramref name="shots"/>.</summary>
    public static List<Document> Balanced(IReadOnlyList<Document> train, int shots, Random random)
    {
        var byLabel = train.GroupBy(d => d.Title, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        var rounds = (int)Math.Ceiling(shots / (double)byLabel.Count);
        var picks = byLabel.Select(examples =>
        {
            var indices = new List<int>();
            while (indices.Count < rounds)
            {
                // without replacement while the label has enough examples, then again from the start
                indices.AddRange(Enumerable.Range(0, examples.Count).OrderBy(_ => random.Next()).Take(rounds - indices.Count));
            }

            return indices.Select(i => examples[i]).ToList();
        }).ToList();
        var result = new List<Document>();
        for (var round = 0; round < rounds; round++)
        {
            var items = picks.Select(p => p[round]).ToArray();
            random.Shuffle(items);
            result.AddRange(items);
        }

        return result.Take(shots).ToList();
    }

    private static List<Document> Sample(IReadOnlyList<Document> train, int shots, Random random)
        => Enumerable.Range(0, train.Count).OrderBy(_ => random.Next()).Take(shots).Order().Select(i => train[i]).ToList();

    private static int StableHash(string text)
        => BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))) & int.MaxValue;

    private static async Task<List<(string Text, string Label)>> ReadAsync(string path, DatasetProblems? problems, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, "file is missing"));
            return [];
        }

        return await JsonlFile.ReadAllAsync(path, problems, (record, line) =>
        {
            var label = record.TryGetProperty("label", out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? JsonlFile.RequiredString(record, "label", path, line)
                : throw new DatasetFormatException(path, line, "label", "missing or not a string or number");
            return (JsonlFile.RequiredString(record, "text", path, line), label);
        }, cancellationToken);
    }
}
