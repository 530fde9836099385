namespace LoftCompare.Pipelines.Kinds;

/// <summary>What the embedded extractive reader does with a kind (it is not a generative model, so it can do only some).</summary>
/// <param name="Action">The reader's method.</param>
/// <param name="ListLength">For <see cref="ReaderAction.Rank"/>: how many document ids it answers with.</param>
public sealed record ReaderSkill(ReaderAction Action, int ListLength = 0)
{
    /// <summary>The reader cannot do the kind; rows fail with "cannot do task kind" and the report shows n/a.</summary>
    public static ReaderSkill None { get; } = new(ReaderAction.None);

    /// <summary>Answers with a span extracted from the sentence most similar to the query.</summary>
    public static ReaderSkill Extract { get; } = new(ReaderAction.Extract);

    /// <summary>Extracts a span and cites the document it came from.</summary>
    public static ReaderSkill ExtractAndCite { get; } = new(ReaderAction.ExtractAndCite);

    /// <summary>Labels the input by its nearest demonstrations.</summary>
    public static ReaderSkill Classify { get; } = new(ReaderAction.Classify);

    /// <summary>Answers with the <paramref name="length"/> documents most similar to the query.</summary>
    public static ReaderSkill Rank(int length) => new(ReaderAction.Rank, length);

    /// <summary>What the reader does, in words, for listings.</summary>
    public override string ToString() => Action switch
    {
        ReaderAction.Rank => $"ranks the {ListLength} most similar documents",
        ReaderAction.Extract => "extracts an answer span",
        ReaderAction.ExtractAndCite => "extracts a span and cites its document",
        ReaderAction.Classify => "labels by the nearest demonstrations",
        _ => "n/a (cannot do this kind)",
    };
}

public enum ReaderAction
{
    None,
    Rank,
    Extract,
    ExtractAndCite,
    Classify,
}
