namespace LoftCompare.Pipelines.Kinds;

/// <summary>How the RAG pipeline answers a kind after retrieving.</summary>
public enum RagStep
{
    /// <summary>The reader model reads the retrieved documents (RAG, citation, re-rank, …).</summary>
    ReadRetrieved,

    /// <summary>The retriever's ranking is the answer; no model is called (LOFT retrieval).</summary>
    RetrieverAnswers,

    /// <summary>The reader writes SQL over the retrieved tables, which is run (LOFT SQL).</summary>
    QueryTables,
}
