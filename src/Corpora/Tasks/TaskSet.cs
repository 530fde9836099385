namespace LoftCompare.Corpora.Tasks;

/// <summary>Everything a pipeline needs for one task: the corpus, the queries to run and the few-shot examples.</summary>
/// <param name="Name">The dataset name (for LOFT folders, the folder's dataset and length, e.g. <c>sotu/32k</c>).</param>
/// <param name="Kind">The task kind.</param>
/// <param name="Corpus">The documents, in corpus order.</param>
/// <param name="Queries">The queries of the selected split.</param>
/// <param name="FewShot">Few-shot examples (may be empty).</param>
/// <param name="ContentHash">SHA-256 over corpus, queries and few-shot, so a run records exactly what it saw.</param>
/// <param name="Source">Where the set was loaded from (a folder or file path).</param>
public sealed record TaskSet(
    string Name,
    TaskKind Kind,
    IReadOnlyList<Document> Corpus,
    IReadOnlyList<Query> Queries,
    IReadOnlyList<Query> FewShot,
    string ContentHash,
    string Source)
{
    /// <summary>Creates a task set and computes its content hash.</summary>
    public static TaskSet Create(string name, TaskKind kind, IReadOnlyList<Document> corpus, IReadOnlyList<Query> queries, IReadOnlyList<Query> fewShot, string source)
        => new(name, kind, corpus, queries, fewShot, TaskSetHasher.Hash(kind, corpus, queries, fewShot), source);

    /// <summary>The documents a query is asked over: its own context when it has one (RULER/HELMET samples), else the corpus.</summary>
    public IReadOnlyList<Document> ContextOf(Query query)
        => query.ContextIds.Count == 0 ? Corpus : ContextOf(query, Corpus.ToDictionary(d => d.Id, StringComparer.Ordinal));

    /// <summary>As <see cref="ContextOf(Query)"/>, with the corpus's id map built once by the caller (not once per query).</summary>
    public IReadOnlyList<Document> ContextOf(Query query, IReadOnlyDictionary<string, Document> documentsById)
        => query.ContextIds.Count == 0 ? Corpus : query.ContextIds.Select(id => documentsById[id]).ToList();

    /// <summary>The same set restricted to its first <paramref name="count"/> queries (hash recomputed).</summary>
    public TaskSet WithFirstQueries(int count)
        => count >= Queries.Count ? this : Create(Name, Kind, Corpus, Queries.Take(count).ToList(), FewShot, Source);
}
