using System.Text.Json;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Loft;

/// <summary>
/// Loads a LOFT folder as LOFT publishes it (<c>{family}/{dataset}/{length}/</c>, any family and length):
/// <c>corpus.jsonl</c> with <c>pid</c>, <c>title_text</c>, <c>passage_text</c>; <c>{split}_queries.jsonl</c> and
/// <c>few_shot_queries.jsonl</c> read by <see cref="LoftQueryReader"/>; BBH-style ICL arrays by <see cref="LoftIclFiles"/>.
/// </summary>
/// <param name="kinds">The kinds a family folder may name: the catalog's, plug-in kinds included.</param>
public sealed class LoftFolderAdapter(IReadOnlyList<TaskKind> kinds) : IDatasetAdapter
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

        TaskKind? kind = spec.Kind;
        DatasetProblems.Collect(problems, () => kind ??= InferKind(folder, kinds));
        if (kind is null)
        {
            return null;
        }

        if (kind == TaskKind.Icl && !File.Exists(Path.Combine(folder, CorpusFile)) && File.Exists(Path.Combine(folder, LoftIclFiles.CorpusFile)))
        {
            return await LoadIclArraysAsync(spec, folder, problems, cancellationToken);
        }

        var corpusPath = Path.Combine(folder, CorpusFile);
        if (!File.Exists(corpusPath))
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(corpusPath, 0, null, "corpus file is missing"));
            return null;
        }

        var documentIds = new UniqueIds(corpusPath, "pid");
        var corpus = await JsonlFile.ReadAllAsync(corpusPath, problems, (record, line) => ReadDocument(record, corpusPath, line, documentIds), cancellationToken);
        var queriesPath = Path.Combine(folder, $"{spec.Split}_queries.jsonl");
        if (!File.Exists(queriesPath))
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(queriesPath, 0, null, $"split '{spec.Split}' has no queries file"));
            return null;
        }

        var queries = await LoftQueryReader.ReadAsync(queriesPath, kind, documentIds, problems, cancellationToken);
        var fewShotPath = Path.Combine(folder, FewShotFile);
        var fewShot = File.Exists(fewShotPath) ? await LoftQueryReader.ReadAsync(fewShotPath, kind, documentIds, problems, cancellationToken) : [];
        return TaskSetFinish.Create(spec, problems, queriesPath, DatasetName(folder), kind, corpus, queries, fewShot, requireQueries: false, corpusPath: corpusPath);
    }

    /// <summary>BBH-style ICL: <c>corpus.json</c> demonstrations and <c>{split}_queries.json</c>, JSON arrays of <c>{input, target}</c>.</summary>
    private static async Task<TaskSet?> LoadIclArraysAsync(DatasetSpec spec, string folder, DatasetProblems? problems, CancellationToken cancellationToken)
    {
        var corpusPath = Path.Combine(folder, LoftIclFiles.CorpusFile);
        var queriesPath = Path.Combine(folder, $"{spec.Split}_queries.json");
        var corpus = await LoftIclFiles.ReadCorpusAsync(corpusPath, problems, cancellationToken);
        var queries = await LoftIclFiles.ReadQueriesAsync(queriesPath, problems, cancellationToken);
        return TaskSetFinish.Create(spec, problems, queriesPath, DatasetName(folder), TaskKind.Icl, corpus, queries, requireQueries: false, corpusPath: corpusPath);
    }

    /// <summary>
    /// Reads only a split's queries and gold, without the corpus (for scoring predictions): gold document ids are not
    /// checked against a corpus, since none is read.
    /// </summary>
    public async Task<IReadOnlyList<Query>> LoadQueriesAsync(string folder, string split, TaskKind kind, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Path.GetFullPath(folder), $"{split}_queries.jsonl");
        var arrays = Path.ChangeExtension(path, ".json");
        if (kind == TaskKind.Icl && !File.Exists(path) && File.Exists(arrays))
        {
            return await LoftIclFiles.ReadQueriesAsync(arrays, problems: null, cancellationToken);
        }

        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, 0, null, $"split '{split}' has no queries file");
        }

        return await LoftQueryReader.ReadAsync(path, kind, documentIds: null, problems: null, cancellationToken);
    }

    /// <summary>LOFT's set-valued RAG datasets, scored with the multi-value metrics.</summary>
    public static readonly IReadOnlySet<string> MultiValueRagDatasets = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "quest", "qampari" };

    /// <summary>
    /// LOFT's layout names the family two levels up: <c>retrieval/nq/32k</c>, <c>rag/nq/32k</c>; <c>rag/quest</c> and
    /// <c>rag/qampari</c> are multi-value RAG. <paramref name="kinds"/> are the kinds a family may name.
    /// </summary>
    public static TaskKind InferKind(string folder, IReadOnlyList<TaskKind> kinds)
    {
        var dataset = Directory.GetParent(folder)?.Name;
        var family = Directory.GetParent(folder)?.Parent?.Name;
        if (TaskKinds.TryParse(kinds, family, out var kind))
        {
            return kind == TaskKind.Rag && dataset is not null && MultiValueRagDatasets.Contains(dataset) ? TaskKind.MultiValueRag : kind;
        }

        throw new DatasetFormatException(folder, 0, null, "cannot tell the task kind from the folder layout ({family}/{dataset}/{length}); set \"kind\" in the suite (or --kind), or, if this is not a LOFT folder, name its adapter (\"adapter\" in the suite, --adapter for datasets validate)");
    }

    private static string DatasetName(string folder)
    {
        var length = Path.GetFileName(folder);
        var dataset = Directory.GetParent(folder)?.Name;
        return dataset is null ? length : $"{dataset}/{length}";
    }

    private static Document ReadDocument(JsonElement record, string path, int line, UniqueIds seen)
    {
        var id = JsonlFile.RequiredString(record, "pid", path, line);
        seen.Add(id, line);

        var title = JsonlFile.OptionalString(record, "title_text", path, line);
        var text = JsonlFile.RequiredString(record, "passage_text", path, line);
        return new Document(id, title, text);
    }
}
