using System.Text.Json;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Helmet;

/// <summary>
/// HELMET's MS MARCO re-rank files: <c>qid</c>, <c>query</c> and <c>ctxs</c> (<c>id</c>, optional <c>title</c>,
/// <c>text</c>, graded <c>label</c>). The candidates are the query's own context in file order; their labels are its
/// graded relevance (nDCG@10).
/// </summary>
public sealed class HelmetRerankAdapter : IDatasetAdapter
{
    public string Name => "helmet-rerank";

    public Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
        => HelmetRecords.LoadAsync(spec, problems, TaskKind.Rerank, ReadRecord, cancellationToken);

    private static Query ReadRecord(JsonElement record, string path, int line, SampleCorpus corpus)
    {
        var query = JsonlFile.RequiredString(record, "query", path, line);
        var relevance = new Dictionary<string, int>(StringComparer.Ordinal);
        var context = new List<string>();
        var ctxs = HelmetRecords.Objects(record, "ctxs", path, line);
        for (var i = 0; i < ctxs.Count; i++)
        {
            var id = corpus.Add(JsonlFile.OptionalString(ctxs[i], "title", path, line), JsonlFile.RequiredString(ctxs[i], "text", path, line), JsonlFile.RequiredString(ctxs[i], "id", path, line), path, line, $"ctxs[{i}].id");
            context.Add(id);
            relevance[id] = ctxs[i].TryGetProperty("label", out var label) && label.TryGetInt32(out var grade)
                ? grade
                : throw new DatasetFormatException(path, line, $"ctxs[{i}].label", "missing or not an integer grade");
        }

        var gold = relevance.Where(r => r.Value > 0).OrderByDescending(r => r.Value).Select(r => r.Key).ToList();
        return new Query(HelmetRecords.Id(record, "qid", path, line), query, [], gold) { Relevance = relevance, ContextIds = context };
    }
}
