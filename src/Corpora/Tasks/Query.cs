namespace LoftCompare.Corpora.Tasks;

/// <summary>One query with its gold: answers for RAG, relevant document ids for retrieval.</summary>
/// <param name="Id">The query id (<c>qid</c>).</param>
/// <param name="Text">The query text (<c>query_text</c>).</param>
/// <param name="Answers">Gold answers; any one of them is correct (for ICL, the gold label).</param>
/// <param name="GoldDocIds">Relevant document ids from <c>metadata.qrels</c>, in file order.</param>
public sealed record Query(string Id, string Text, IReadOnlyList<string> Answers, IReadOnlyList<string> GoldDocIds)
{
    /// <summary>Graded relevance (document id → gain) for re-ranking; empty when the gold is binary.</summary>
    public IReadOnlyDictionary<string, int> Relevance { get; init; } = new Dictionary<string, int>();

    /// <summary>For SQL: the gold result rows (LOFT's <c>answers</c> as a list of lists), cells as text.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; init; } = [];

    /// <summary>For SQL: the gold query that produced <see cref="Rows"/> (<c>metadata.sql_query</c>), when known.</summary>
    public string? GoldSql { get; init; }

    /// <summary>Documents that belong to this query's own context (LOFT <c>candidate_pids</c>; HELMET per-query passages); empty means the whole corpus.</summary>
    public IReadOnlyList<string> CandidateIds { get; init; } = [];

    /// <summary>
    /// The documents that make up this query's own context, in order (RULER and HELMET build one haystack per sample);
    /// empty means the whole corpus is the context, as in LOFT. Long context reads only these; RAG retrieves among them.
    /// </summary>
    public IReadOnlyList<string> ContextIds { get; init; } = [];

    /// <summary>The gain of a document: its graded relevance, else 1 for a gold document, else 0.</summary>
    public int GainOf(string documentId)
        => Relevance.TryGetValue(documentId, out var gain) ? gain : GoldDocIds.Contains(documentId, StringComparer.Ordinal) ? 1 : 0;
}
