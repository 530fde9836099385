namespace LoftCompare.Corpora.Tasks;

/// <summary>One query with its gold: answers for RAG, relevant document ids for retrieval.</summary>
/// <param name="Id">The query id (<c>qid</c>).</param>
/// <param name="Text">The query text (<c>query_text</c>).</param>
/// <param name="Answers">Gold answers; any one of them is correct.</param>
/// <param name="GoldDocIds">Relevant document ids from <c>metadata.qrels</c>, in file order.</param>
public sealed record Query(string Id, string Text, IReadOnlyList<string> Answers, IReadOnlyList<string> GoldDocIds);
