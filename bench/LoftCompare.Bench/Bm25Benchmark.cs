using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Pipelines.Retrieval;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDocument = Lucene.Net.Documents.Document;
using Query = LoftCompare.Corpora.Tasks.Query;

namespace LoftCompare.Bench;

/// <summary>Our BM25 against Lucene.Net's (StandardAnalyzer, BM25Similarity k1 = 1.2, b = 0.75) on the shipped sotu set: speed, nDCG@10, agreement.</summary>
public static class Bm25Benchmark
{
    public static async Task RunAsync(string datasets)
    {
        var folder = Path.Combine(datasets, "retrieval", "sotu", "32k");
        var adapter = new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn);
        var test = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder));
        var dev = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder, Split: "dev"));
        var queries = test.Queries.Concat(dev.Queries).ToList();
        var corpus = test.Corpus;

        var ours = new Bm25Index(corpus.Select(DenseRetriever.DocumentText).ToList());
        using var lucene = new LuceneBm25(corpus);

        var oursRankings = queries.Select(q => ours.Search(q.Text, 10).Select(h => corpus[h.Document].Id).ToList()).ToList();
        var luceneRankings = queries.Select(q => lucene.Search(q.Text, 10)).ToList();
        var oursTime = Measurement.Median(() => queries.ForEach(q => ours.Search(q.Text, 10)));
        var luceneTime = Measurement.Median(() => queries.ForEach(q => lucene.Search(q.Text, 10)));

        Console.WriteLine($"## BM25 on sotu/32k ({corpus.Count} passages, {queries.Count} test+dev queries, top-10)");
        Console.WriteLine();
        Console.WriteLine("| implementation | queries/s | nDCG@10 | recall@1 | recall@5 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, rankings, time) in new[] { ("ours (Bm25Index)", oursRankings, oursTime), ("Lucene.Net 4.8 BM25Similarity", luceneRankings, luceneTime) })
        {
            Console.WriteLine($"| {name} | {queries.Count / time.TotalSeconds:N0} | {Mean(queries, rankings, (q, r) => RetrievalMetrics.NdcgAtK(q.GoldDocIds.ToDictionary(id => id, _ => 1.0), r, 10)):0.000} | {Mean(queries, rankings, (q, r) => RetrievalMetrics.RecallAtK(q.GoldDocIds, r, 1)):0.000} | {Mean(queries, rankings, (q, r) => RetrievalMetrics.RecallAtK(q.GoldDocIds, r, 5)):0.000} |");
        }

        var sameTop1 = oursRankings.Zip(luceneRankings).Count(p => p.First.FirstOrDefault() == p.Second.FirstOrDefault());
        var overlap = oursRankings.Zip(luceneRankings).Average(p => p.First.Intersect(p.Second).Count() / 10.0);
        Console.WriteLine();
        Console.WriteLine($"Agreement with Lucene: same top-1 on {sameTop1}/{queries.Count} queries; mean top-10 overlap {overlap:P0}. Speed ratio ours / Lucene: {luceneTime / oursTime:0.0}×.");
        Console.WriteLine();
    }

    private static double Mean(IReadOnlyList<Query> queries, IReadOnlyList<List<string>> rankings, Func<Query, List<string>, double> score)
        => queries.Select((q, i) => score(q, rankings[i])).Average();

    /// <summary>Lucene.Net BM25 over an in-memory directory; queries are the analyzed terms as SHOULD clauses (no query-parser syntax).</summary>
    private sealed class LuceneBm25 : IDisposable
    {
        private const LuceneVersion Version = LuceneVersion.LUCENE_48;
        private readonly RAMDirectory directory = new();
        private readonly StandardAnalyzer analyzer = new(Version);
        private readonly DirectoryReader reader;
        private readonly IndexSearcher searcher;

        public LuceneBm25(IReadOnlyList<Corpora.Tasks.Document> corpus)
        {
            var similarity = new BM25Similarity(1.2f, 0.75f);
            using (var writer = new IndexWriter(directory, new IndexWriterConfig(Version, analyzer) { Similarity = similarity }))
            {
                foreach (var document in corpus)
                {
                    writer.AddDocument(new LuceneDocument { new StringField("id", document.Id, Field.Store.YES), new TextField("text", DenseRetriever.DocumentText(document), Field.Store.NO) });
                }
            }

            reader = DirectoryReader.Open(directory);
            searcher = new IndexSearcher(reader) { Similarity = similarity };
        }

        public List<string> Search(string text, int k)
        {
            var query = new BooleanQuery();
            using (var stream = analyzer.GetTokenStream("text", text))
            {
                var term = stream.AddAttribute<ICharTermAttribute>();
                stream.Reset();
                while (stream.IncrementToken())
                {
                    query.Add(new TermQuery(new Term("text", term.ToString())), Occur.SHOULD);
                }

                stream.End();
            }

            return searcher.Search(query, k).ScoreDocs.Select(d => searcher.Doc(d.Doc).Get("id")).ToList();
        }

        public void Dispose()
        {
            reader.Dispose();
            analyzer.Dispose();
            directory.Dispose();
        }
    }
}
