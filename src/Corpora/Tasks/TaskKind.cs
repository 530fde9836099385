namespace LoftCompare.Corpora.Tasks;

/// <summary>The family of a task, which decides its prompt, its parser and its metrics.</summary>
public enum TaskKind
{
    /// <summary>Find the documents that answer the query (LOFT retrieval; scored by recall@k).</summary>
    Retrieval,

    /// <summary>Answer the query from the documents (LOFT RAG; scored by EM, subspan EM and F1).</summary>
    Rag,

    /// <summary>Answer with every item of a set (LOFT QUEST, QAMPARI; scored by set EM, coverage and one-to-one subspan EM).</summary>
    MultiValueRag,

    /// <summary>Find planted values in a long haystack (RULER needle-in-a-haystack; scored by string_match_all).</summary>
    Recall,

    /// <summary>Order candidate documents by relevance (HELMET MS MARCO re-rank; scored by nDCG@10 on graded labels).</summary>
    Rerank,

    /// <summary>Answer with citations to the supporting documents (HELMET/ALCE; scored by answer match and citation recall/precision).</summary>
    Citation,

    /// <summary>Answer a question over tables (LOFT SQL; scored by execution accuracy on the result rows).</summary>
    Sql,

    /// <summary>Label an input from many labelled examples in context (LOFT/HELMET many-shot ICL; scored by exact label).</summary>
    Icl,
}
