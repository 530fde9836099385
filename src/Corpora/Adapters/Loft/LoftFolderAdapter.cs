using System.Text.Json;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Loft;

/// <summary>
/// Loads a LOFT retrieval or RAG folder as LOFT publishes it (<c>{family}/{dataset}/{length}/</c>):
/// <c>corpus.jsonl</c> with <c>pid</c>, <c>title_text</c>, <c>passage_text</c>; <c>{split}_queries.jsonl</c> and
/// <c>few_shot_queries.jsonl</c> with <c>qid</c>, <c>query_text</c>, <c>answers</c> and <c>metadata.qrels</c>.
/// </summary>
public sealed class LoftFolderAdapter : IDatasetAdapter
{
    public const string CorpusFile = "corpus.jsonl";
    public const string FewShotFile = "few_shot_queries.jsonl";

    public string Name => "loft";

    public async Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(spec.Path);
        if (!Directory.Exists(folder))
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(folder, 0, null, "dataset folder does not exist"));
            return null;
        }

        TaskKind kind;
        try
        {
            kind = spec.Kind ?? InferKind(folder);
        }
        catch (DatasetFormatException ex) when (problems is not null)
        {
            problems.Report(ex);
            return null;
        }

        var corpus = await ReadCorpusAsync(Path.Combine(folder, CorpusFile), problems, cancellationToken);
        var documentIds = corpus.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var queriesPath = Path.Combine(folder, $"{spec.Split}_queries.jsonl");
        if (!File.Exists(queriesPath))
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(queriesPath, 0, null, $"split '{spec.Split}' has no queries file"));
            return null;
        }

        var queries = await ReadQueriesAsync(queriesPath, kind, documentIds, problems, cancellationToken);
        var fewShotPath = Path.Combine(folder, FewShotFile);
        var fewShot = File.Exists(fewShotPath) ? await ReadQueriesAsync(fewShotPath, kind, documentIds, problems, cancellationToken) : [];
        if (spec.MaxQueries is { } max)
        {
            queries = queries.Take(max).ToList();
        }

        return corpus.Count == 0 ? null : TaskSet.Create(DatasetName(folder), kind, corpus, queries, fewShot, folder);
    }

    /// <summary>
    /// Reads only a split's queries and gold, without the corpus (for scoring predictions): gold document ids are not
    /// checked against a corpus, since none is read.
    /// </summary>
    public async Task<IReadOnlyList<Query>> LoadQueriesAsync(string folder, string split, TaskKind kind, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Path.GetFullPath(folder), $"{split}_queries.jsonl");
        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, 0, null, $"split '{split}' has no queries file");
        }

        return await ReadQueriesAsync(path, kind, documentIds: null, problems: null, cancellationToken);
    }

    /// <summary>LOFT's set-valued RAG datasets, scored with the multi-value metrics.</summary>
    public static readonly IReadOnlySet<string> MultiValueRagDatasets = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "quest", "qampari" };

    /// <summary>
    /// LOFT's layout names the family two levels up: <c>retrieval/nq/32k</c>, <c>rag/nq/32k</c>; <c>rag/quest</c> and
    /// <c>rag/qampari</c> are multi-value RAG.
    /// </summary>
    public static TaskKind InferKind(string folder)
    {
        var dataset = Directory.GetParent(folder)?.Name;
        var family = Directory.GetParent(folder)?.Parent?.Name;
        if (TaskKinds.TryParse(family, out var kind))
        {
            return kind == TaskKind.Rag && dataset is not null && MultiValueRagDatasets.Contains(dataset) ? TaskKind.MultiValueRag : kind;
        }

        throw new DatasetFormatException(folder, 0, null, "cannot tell the task kind from the folder layout ({family}/{dataset}/{length}); set \"kind\" in the suite");
    }

    private static string DatasetName(string folder)
    {
        var length = Path.GetFileName(folder);
        var dataset = Directory.GetParent(folder)?.Name;
        return dataset is null ? length : $"{dataset}/{length}";
    }

    private static async Task<List<Document>> ReadCorpusAsync(string path, DatasetProblems? problems, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, "corpus file is missing"));
            return [];
        }

        var documents = new List<Document>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var (line, record) in JsonlFile.ReadAsync(path, problems, cancellationToken))
        {
            try
            {
                documents.Add(ReadDocument(record, path, line, seen));
            }
            catch (DatasetFormatException ex) when (problems is not null)
            {
                problems.Report(ex);
            }
        }

        if (documents.Count == 0)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, "corpus is empty"));
        }

        return documents;
    }

    private static Document ReadDocument(JsonElement record, string path, int line, Dictionary<string, int> seen)
    {
        var id = JsonlFile.RequiredString(record, "pid", path, line);
        if (!seen.TryAdd(id, line))
        {
            throw new DatasetFormatException(path, line, "pid", $"duplicate id '{id}' (first on line {seen[id]})");
        }

        var title = JsonlFile.OptionalString(record, "title_text", path, line);
        var text = JsonlFile.RequiredString(record, "passage_text", path, line);
        return new Document(id, title, text);
    }

    private static async Task<List<Query>> ReadQueriesAsync(string path, TaskKind kind, HashSet<string>? documentIds, DatasetProblems? problems, CancellationToken cancellationToken)
    {
        var queries = new List<Query>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var (line, record) in JsonlFile.ReadAsync(path, problems, cancellationToken))
        {
            try
            {
                queries.Add(ReadQuery(record, path, line, kind, documentIds, seen));
            }
            catch (DatasetFormatException ex) when (problems is not null)
            {
                problems.Report(ex);
            }
        }

        return queries;
    }

    private static Query ReadQuery(JsonElement record, string path, int line, TaskKind kind, HashSet<string>? documentIds, Dictionary<string, int> seen)
    {
        var id = JsonlFile.RequiredString(record, "qid", path, line);
        if (!seen.TryAdd(id, line))
        {
            throw new DatasetFormatException(path, line, "qid", $"duplicate id '{id}' (first on line {seen[id]})");
        }

        var text = JsonlFile.RequiredString(record, "query_text", path, line);
        var (answers, answerDocIds) = ReadAnswers(record, path, line);
        var goldDocIds = ReadQrels(record, path, line) ?? answerDocIds;
        foreach (var docId in goldDocIds)
        {
            if (documentIds is not null && !documentIds.Contains(docId))
            {
                throw new DatasetFormatException(path, line, "metadata.qrels", $"gold document '{docId}' is not in the corpus");
            }
        }

        if (kind == TaskKind.Retrieval && goldDocIds.Count == 0)
        {
            throw new DatasetFormatException(path, line, "metadata.qrels", "a retrieval query needs at least one gold document");
        }

        if (kind is TaskKind.Rag or TaskKind.MultiValueRag or TaskKind.Recall && answers.Count == 0)
        {
            throw new DatasetFormatException(path, line, "answers", "a RAG query needs at least one answer string");
        }

        return new Query(id, text, answers, goldDocIds);
    }

    /// <summary>RAG files hold answer strings; retrieval files hold <c>[pid, relevance]</c> pairs.</summary>
    private static (List<string> Answers, List<string> DocIds) ReadAnswers(JsonElement record, string path, int line)
    {
        if (!record.TryGetProperty("answers", out var answers))
        {
            throw new DatasetFormatException(path, line, "answers", "missing");
        }

        if (answers.ValueKind != JsonValueKind.Array)
        {
            throw new DatasetFormatException(path, line, "answers", $"expected an array, found {answers.ValueKind}");
        }

        var strings = new List<string>();
        var docIds = new List<string>();
        var index = 0;
        foreach (var item in answers.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    strings.Add(item.GetString()!);
                    break;
                case JsonValueKind.Number:
                    strings.Add(item.GetRawText());
                    break;
                case JsonValueKind.Array:
                    docIds.Add(ReadQrelPair(item, path, line, $"answers[{index}]"));
                    break;
                default:
                    throw new DatasetFormatException(path, line, $"answers[{index}]", $"expected a string or a [pid, relevance] pair, found {item.ValueKind}");
            }

            index++;
        }

        return (strings, docIds);
    }

    private static List<string>? ReadQrels(JsonElement record, string path, int line)
    {
        if (!record.TryGetProperty("metadata", out var metadata) || metadata.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw new DatasetFormatException(path, line, "metadata", $"expected an object, found {metadata.ValueKind}");
        }

        if (!metadata.TryGetProperty("qrels", out var qrels) || qrels.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (qrels.ValueKind != JsonValueKind.Array)
        {
            throw new DatasetFormatException(path, line, "metadata.qrels", $"expected an array of [pid, relevance] pairs, found {qrels.ValueKind}");
        }

        var ids = new List<string>();
        var index = 0;
        foreach (var pair in qrels.EnumerateArray())
        {
            ids.Add(ReadQrelPair(pair, path, line, $"metadata.qrels[{index++}]"));
        }

        return ids;
    }

    private static string ReadQrelPair(JsonElement pair, string path, int line, string field)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
        {
            throw new DatasetFormatException(path, line, field, "expected a [pid, relevance] pair");
        }

        var id = pair[0];
        if (id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            throw new DatasetFormatException(path, line, field, $"pid must be a string, found {id.ValueKind}");
        }

        if (pair[1].ValueKind != JsonValueKind.Number)
        {
            throw new DatasetFormatException(path, line, field, $"relevance must be a number, found {pair[1].ValueKind}");
        }

        return id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
    }
}
