using System.Text.Encodings.Web;
using System.Text.Json;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Loft;

/// <summary>
/// Writes a corpus and query splits in LOFT's published folder format: retrieval and re-rank answers are
/// <c>[pid, relevance]</c> pairs, SQL answers are result rows (with <c>metadata.sql_query</c>), the rest are strings.
/// </summary>
public static class LoftFolderWriter
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(string folder, TaskKind kind, IReadOnlyList<Document> corpus, IReadOnlyDictionary<string, IReadOnlyList<Query>> splits, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var positions = corpus.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i);
        await File.WriteAllLinesAsync(
            Path.Combine(folder, LoftFolderAdapter.CorpusFile),
            corpus.Select(d => JsonSerializer.Serialize(new Dictionary<string, object> { ["pid"] = d.Id, ["title_text"] = d.Title, ["passage_text"] = d.Text, ["metadata"] = new Dictionary<string, object>() }, Json)),
            cancellationToken);

        foreach (var (split, queries) in splits)
        {
            var lines = queries.Select(q =>
            {
                var judged = q.GoldDocIds.Concat(q.Relevance.Keys).Distinct(StringComparer.Ordinal);
                var qrels = judged.Select(id => new object[] { id, q.GainOf(id) }).ToArray();
                object answers = kind.Gold switch
                {
                    KindGold.Documents or KindGold.GradedDocuments => qrels,
                    KindGold.Rows => q.Rows,
                    _ => q.Answers,
                };
                var metadata = new Dictionary<string, object>
                {
                    ["qrels"] = qrels,
                    // Relative depth of the first gold passage in the corpus or the query's own context (0 = start), for depth plots.
                    ["gold_depth"] = GoldDepth.Of(q, positions, corpus.Count) ?? -1,
                };
                if (q.GoldSql is not null)
                {
                    metadata["sql_query"] = q.GoldSql;
                }

                if (q.CandidateIds.Count > 0)
                {
                    metadata["candidate_pids"] = q.CandidateIds;
                }

                if (q.ContextIds.Count > 0)
                {
                    // Our extension: the query's own context (a RULER/HELMET sample's haystack), in order.
                    metadata["context_pids"] = q.ContextIds;
                }
                return JsonSerializer.Serialize(new Dictionary<string, object> { ["qid"] = q.Id, ["query_text"] = q.Text, ["metadata"] = metadata, ["answers"] = answers }, Json);
            });
            await File.WriteAllLinesAsync(Path.Combine(folder, $"{split}_queries.jsonl"), lines, cancellationToken);
        }
    }
}
