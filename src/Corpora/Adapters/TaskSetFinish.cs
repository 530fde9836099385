using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters;

/// <summary>
/// The step every adapter ends with: refuse an empty corpus or query list and duplicate query ids (reported when
/// validating, thrown otherwise), apply the suite's <c>maxQueries</c>, and create the task set with its content hash.
/// </summary>
public static class TaskSetFinish
{
    /// <param name="path">The file or folder problems are reported against.</param>
    public static TaskSet? Create(
        DatasetSpec spec, DatasetProblems? problems, string path, string name, TaskKind kind,
        IReadOnlyList<Document> corpus, IReadOnlyList<Query> queries, IReadOnlyList<Query>? fewShot = null, bool requireQueries = true)
    {
        if (corpus.Count == 0 || (requireQueries && queries.Count == 0))
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, corpus.Count == 0 ? "no documents" : "no queries"));
            return null;
        }

        if (queries.GroupBy(q => q.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, "id", $"duplicate query id '{duplicate.Key}'"));
            return null;
        }

        var selected = spec.MaxQueries is { } max ? queries.Take(max).ToList() : queries;
        return TaskSet.Create(name, kind, corpus, selected, fewShot ?? [], spec.Path);
    }
}
