using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters;

/// <summary>
/// The step every adapter ends with: refuse an empty corpus (and, unless told otherwise, an empty query list) and
/// duplicate query ids — reported when validating, thrown otherwise — apply the suite's <c>maxQueries</c>, and create
/// the task set with its content hash.
/// </summary>
public static class TaskSetFinish
{
    /// <param name="path">The queries file (or the folder) problems with the queries are reported against.</param>
    /// <param name="name">The task set's name (a dataset folder's name, usually).</param>
    /// <param name="corpusPath">The corpus file an empty corpus is reported against; <paramref name="path"/> when null.</param>
    /// <param name="requireQueries">False where a split may be empty and the run decides (it refuses n = 0 itself, naming the task).</param>
    public static TaskSet? Create(
        DatasetSpec spec, DatasetProblems? problems, string path, string name, TaskKind kind,
        IReadOnlyList<Document> corpus, IReadOnlyList<Query> queries, IReadOnlyList<Query>? fewShot = null, bool requireQueries = true, string? corpusPath = null)
    {
        if (corpus.Count == 0)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(corpusPath ?? path, 0, null, "corpus is empty"));
            return null;
        }

        if (requireQueries && queries.Count == 0)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, "no queries"));
            return null;
        }

        if (queries.GroupBy(q => q.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, "id", $"duplicate query id '{duplicate.Key}'"));
            return null;
        }

        var selected = spec.MaxQueries is { } max ? queries.Take(max).ToList() : queries;
        return TaskSet.Create(name, kind, corpus, selected, fewShot ?? [], Path.GetFullPath(spec.Path));
    }
}
