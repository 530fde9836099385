namespace LoftCompare.Corpora.Tasks;

/// <summary>What the gold of a kind's queries holds, which adapters check and the LOFT writer writes.</summary>
public enum KindGold
{
    /// <summary>Answer strings (<see cref="Query.Answers"/>); gold documents are optional.</summary>
    Answers,

    /// <summary>Relevant document ids (<see cref="Query.GoldDocIds"/>).</summary>
    Documents,

    /// <summary>Relevant document ids with graded relevance (<see cref="Query.Relevance"/>).</summary>
    GradedDocuments,

    /// <summary>Result rows (<see cref="Query.Rows"/>).</summary>
    Rows,
}
