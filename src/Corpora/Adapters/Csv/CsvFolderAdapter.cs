using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Csv;

/// <summary>
/// Question answering from two CSV files (the second worked example of docs/adding-a-dataset.md): <c>corpus.csv</c>
/// with <c>id,title,text</c> and <c>queries.csv</c> with <c>id,query</c>, the kind's gold column (<c>answers</c> for
/// kinds answered with text, <c>gold_ids</c> for kinds answered with documents) and optional <c>answers</c>,
/// <c>gold_ids</c> and <c>split</c>; lists in a cell are separated by <c>|</c>. Without a <c>split</c> column every query belongs to every
/// split. The kind is the suite's (<c>rag</c> when not given).
/// </summary>
public sealed class CsvFolderAdapter : IDatasetAdapter
{
    public const string CorpusFile = "corpus.csv";
    public const string QueriesFile = "queries.csv";

    public string Name => "csv";

    public async Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
    {
        var (corpusPath, queriesPath) = (Path.Combine(spec.Path, CorpusFile), Path.Combine(spec.Path, QueriesFile));
        var kind = spec.Kind ?? TaskKind.Rag;
        // A file that cannot be read, or lacks a required column, is one problem: nothing after it would add information.
        if (await CsvFile.ReadAsync(corpusPath, ["id", "title", "text"], problems, cancellationToken: cancellationToken) is not { } corpusRows)
        {
            return null;
        }

        var goldColumn = kind.Gold == KindGold.Answers ? "answers" : "gold_ids";
        if (await CsvFile.ReadAsync(queriesPath, ["id", "query", goldColumn], problems, cancellationToken: cancellationToken) is not { } queryRows)
        {
            return null;
        }

        var documents = new UniqueIds(corpusPath, "id");
        var corpus = new List<Document>();
        foreach (var row in corpusRows)
        {
            DatasetProblems.Collect(problems, () =>
            {
                var id = row.Required(corpusPath, "id").Trim();
                documents.Add(id, row.Line);
                corpus.Add(new Document(id, row.Optional("title") ?? string.Empty, row.Required(corpusPath, "text")));
            });
        }

        var queries = new List<Query>();
        var queryIds = new UniqueIds(queriesPath, "id");
        foreach (var row in queryRows)
        {
            DatasetProblems.Collect(problems, () =>
            {
                if (row.Optional("split") is { } split && !split.Trim().Equals(spec.Split, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }

                var id = row.Required(queriesPath, "id").Trim();
                queryIds.Add(id, row.Line);
                var gold = row.List("gold_ids");
                documents.RequireAll(gold, queriesPath, row.Line, "gold_ids");
                var query = new Query(id, row.Required(queriesPath, "query"), row.List("answers"), gold);
                kind.RequireGold(query, queriesPath, row.Line, goldColumn);
                queries.Add(query);
            });
        }

        return TaskSetFinish.Create(spec, problems, queriesPath, Path.GetFileName(Path.TrimEndingDirectorySeparator(spec.Path)), kind, corpus, queries, requireQueries: false, corpusPath: corpusPath);
    }
}
