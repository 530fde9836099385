using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Beir;

/// <summary>
/// Loads a BEIR dataset folder: <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>), <c>queries.jsonl</c>
/// (<c>_id</c>, <c>text</c>) and <c>qrels/{split}.tsv</c> (<c>query-id</c>, <c>corpus-id</c>, <c>score</c>, with a header).
/// The split's queries are those with a positive judgement; the task is retrieval.
/// </summary>
public sealed class BeirFolderAdapter : IDatasetAdapter
{
    public string Name => "beir";

    public async Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(spec.Path);
        var corpusPath = Path.Combine(folder, "corpus.jsonl");
        var queriesPath = Path.Combine(folder, "queries.jsonl");
        var qrelsPath = Path.Combine(folder, "qrels", $"{spec.Split}.tsv");
        foreach (var required in new[] { corpusPath, queriesPath, qrelsPath })
        {
            if (!File.Exists(required))
            {
                DatasetProblems.Raise(problems, new DatasetFormatException(required, 0, null, "file is missing"));
                return null;
            }
        }

        var documentIds = new UniqueIds(corpusPath, "_id");
        var corpus = await JsonlFile.ReadAllAsync(corpusPath, problems, (record, line) =>
        {
            var id = JsonlFile.RequiredString(record, "_id", corpusPath, line);
            documentIds.Add(id, line);
            return new Document(id, JsonlFile.OptionalString(record, "title", corpusPath, line), JsonlFile.RequiredString(record, "text", corpusPath, line));
        }, cancellationToken);
        var queryIds = new UniqueIds(queriesPath, "_id");
        var texts = await JsonlFile.ReadAllAsync(queriesPath, problems, (record, line) =>
        {
            var id = JsonlFile.RequiredString(record, "_id", queriesPath, line);
            queryIds.Add(id, line);
            return (Id: id, Text: JsonlFile.RequiredString(record, "text", queriesPath, line));
        }, cancellationToken);
        var queryTexts = texts.ToDictionary(q => q.Id, q => q.Text, StringComparer.Ordinal);
        var gold = await ReadQrelsAsync(qrelsPath, documentIds, queryTexts, problems, cancellationToken);
        var queries = gold.Select(g => new Query(g.Key, queryTexts[g.Key], [], g.Value)).ToList();
        return TaskSetFinish.Create(spec, problems, qrelsPath, Path.GetFileName(folder), spec.Kind ?? TaskKind.Retrieval, corpus, queries, requireQueries: false, corpusPath: corpusPath);
    }

    /// <summary>Query id → relevant document ids (score above 0), in file order; every row is checked.</summary>
    private static async Task<Dictionary<string, List<string>>> ReadQrelsAsync(string path, UniqueIds documentIds, Dictionary<string, string> queries, DatasetProblems? problems, CancellationToken cancellationToken)
    {
        var gold = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || (lineNumber == 1 && line.StartsWith("query-id", StringComparison.Ordinal)))
            {
                continue;
            }

            var fields = line.Split('\t');
            DatasetFormatException? problem =
                fields.Length != 3 ? new(path, lineNumber, null, $"expected 3 tab-separated fields (query-id, corpus-id, score), found {fields.Length}")
                : !queries.ContainsKey(fields[0]) ? new(path, lineNumber, "query-id", $"query '{fields[0]}' is not in queries.jsonl")
                : !documentIds.Contains(fields[1]) ? new(path, lineNumber, "corpus-id", $"document '{fields[1]}' is not in the corpus")
                : !int.TryParse(fields[2], out _) ? new(path, lineNumber, "score", $"'{fields[2]}' is not an integer")
                : null;
            if (problem is not null)
            {
                DatasetProblems.Raise(problems, problem);
                continue;
            }

            if (int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                (gold.TryGetValue(fields[0], out var ids) ? ids : gold[fields[0]] = []).Add(fields[1]);
            }
        }

        return gold;
    }
}
