using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Jsonl;

/// <summary>
/// Users' own data in the simplest form (docs/adding-a-dataset.md): a folder with <c>corpus.jsonl</c>
/// (<c>id</c>, <c>text</c>, optional <c>title</c>) and <c>{split}.jsonl</c> (<c>id</c>, <c>query</c>, optional
/// <c>answers</c> and <c>gold_ids</c> arrays). The suite names the task kind.
/// </summary>
public sealed class JsonlFolderAdapter : IDatasetAdapter
{
    public string Name => "jsonl";

    public async Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(spec.Path);
        if (spec.Kind is not { } kind)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(folder, 0, null, "the jsonl adapter needs the task kind; set \"kind\" in the suite"));
            return null;
        }

        var corpusPath = Path.Combine(folder, "corpus.jsonl");
        var queriesPath = Path.Combine(folder, $"{spec.Split}.jsonl");
        foreach (var required in new[] { corpusPath, queriesPath })
        {
            if (!File.Exists(required))
            {
                DatasetProblems.Raise(problems, new DatasetFormatException(required, 0, null, "file is missing"));
                return null;
            }
        }

        var documentIds = new UniqueIds(corpusPath, "id");
        var corpus = await JsonlFile.ReadAllAsync(corpusPath, problems, (record, line) =>
        {
            var id = JsonlFile.RequiredString(record, "id", corpusPath, line);
            documentIds.Add(id, line);
            return new Document(id, JsonlFile.OptionalString(record, "title", corpusPath, line), JsonlFile.RequiredString(record, "text", corpusPath, line));
        }, cancellationToken);

        var queryIds = new UniqueIds(queriesPath, "id");
        var queries = await JsonlFile.ReadAllAsync(queriesPath, problems, (record, line) =>
        {
            var id = JsonlFile.RequiredString(record, "id", queriesPath, line);
            queryIds.Add(id, line);
            var goldIds = JsonlFile.OptionalStrings(record, "gold_ids", queriesPath, line);
            documentIds.RequireAll(goldIds, queriesPath, line, "gold_ids");
            var query = new Query(id, JsonlFile.RequiredString(record, "query", queriesPath, line), JsonlFile.OptionalStrings(record, "answers", queriesPath, line), goldIds);
            kind.RequireGold(query, queriesPath, line, kind.Gold == KindGold.Answers ? "answers" : "gold_ids");
            return query;
        }, cancellationToken);

        return TaskSetFinish.Create(spec, problems, queriesPath, Path.GetFileName(folder), kind, corpus, queries, requireQueries: false, corpusPath: corpusPath);
    }
}
