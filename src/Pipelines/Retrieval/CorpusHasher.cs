using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Retrieval;

/// <summary>The content hash of a corpus alone (queries excluded), which keys its vector collections.</summary>
public static class CorpusHasher
{
    public static string Hash(IReadOnlyList<Document> corpus) => TaskSetHasher.Hash(TaskKind.Retrieval, corpus, [], []);
}
