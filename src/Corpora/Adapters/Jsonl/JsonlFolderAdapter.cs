using LoftCompare.Corpora.Adapters.Loft;
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

        var corpus = new List<Document>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var (line, record) in JsonlFile.ReadAsync(corpusPath, problems, cancellationToken))
        {
            try
            {
                var id = JsonlFile.RequiredString(record, "id", corpusPath, line);
                if (!seen.Add(id))
                {
                    throw new DatasetFormatException(corpusPath, line, "id", $"duplicate id '{id}'");
                }

                corpus.Add(new Document(id, JsonlFile.OptionalString(record, "title", corpusPath, line), JsonlFile.RequiredString(record, "text", corpusPath, line)));
            }
            catch (DatasetFormatException ex) when (problems is not null)
            {
                problems.Report(ex);
            }
        }

        var queries = new List<Query>();
        await foreach (var (line, record) in JsonlFile.ReadAsync(queriesPath, problems, cancellationToken))
        {
            try
            {
                var answers = JsonlFile.OptionalStrings(record, "answers", queriesPath, line);
                var goldIds = JsonlFile.OptionalStrings(record, "gold_ids", queriesPath, line);
                var missing = goldIds.FirstOrDefault(id => !seen.Contains(id));
                if (missing is not null)
                {
                    throw new DatasetFormatException(queriesPath, line, "gold_ids", $"document '{missing}' is not in the corpus");
                }

                if (kind == TaskKind.Retrieval ? goldIds.Count == 0 : answers.Count == 0)
                {
                    throw new DatasetFormatException(queriesPath, line, kind == TaskKind.Retrieval ? "gold_ids" : "answers", $"a {TaskKinds.Name(kind)} query needs at least one");
                }

                queries.Add(new Query(JsonlFile.RequiredString(record, "id", queriesPath, line), JsonlFile.RequiredString(record, "query", queriesPath, line), answers, goldIds));
            }
            catch (DatasetFormatException ex) when (problems is not null)
            {
                problems.Report(ex);
            }
        }

        if (corpus.Count == 0)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(corpusPath, 0, null, "corpus is empty"));
            return null;
        }

        return TaskSet.Create(Path.GetFileName(folder), kind, corpus, spec.MaxQueries is { } max ? queries.Take(max).ToList() : queries, [], folder);
    }
}
