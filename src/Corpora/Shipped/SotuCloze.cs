using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Shipped;

/// <summary>The built State of the Union cloze set: one corpus and three query splits (gold answers and gold passage per query).</summary>
public sealed record SotuCloze(
    IReadOnlyList<Document> Corpus,
    IReadOnlyList<Query> Test,
    IReadOnlyList<Query> Dev,
    IReadOnlyList<Query> FewShot,
    int CorpusTokens,
    IReadOnlyList<int> Years);
