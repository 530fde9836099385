using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Tests.Embeddings;

namespace LoftCompare.Pipelines.Tests.Retrieval;

/// <summary>
/// Retrieval inside a query's own context is one filtered search, and it returns exactly what the unfiltered search
/// restricted afterwards would: on the shipped State of the Union corpus (160 passages), random contexts of 40.
/// </summary>
public sealed class FilteredRetrievalTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static async Task<TaskSet> ShippedAsync()
        => await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Path.Combine(AppContext.BaseDirectory, "datasets", "rag", "sotu", "32k"), MaxQueries: 8));

    private static IEnumerable<(Query Query, IReadOnlySet<string> Context)> Contexts(TaskSet set)
    {
        var random = new Random(11);
        return set.Queries.Select(q => (q, (IReadOnlySet<string>)set.Corpus.Select(d => d.Id).OrderBy(_ => random.Next()).Take(40).Concat(q.GoldDocIds).ToHashSet(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task The_embedded_index_filters_inside_and_matches_the_full_search_restricted()
    {
        var random = new Random(3);
        var index = new EmbeddedVectorIndex();
        await index.EnsureCollectionAsync("c", 8);
        var records = Enumerable.Range(0, 500).Select(i => new VectorRecord($"r{i}", $"d{i % 100}", Unit(random))).ToList();
        await index.UpsertAsync("c", records);
        var allowed = Enumerable.Range(0, 100).Where(d => d % 7 == 0).Select(d => $"d{d}").ToHashSet();

        foreach (var _ in Enumerable.Range(0, 20))
        {
            var query = Unit(random);
            var within = await index.SearchWithinAsync("c", query, 10, allowed);
            var restricted = (await index.SearchAsync("c", query, 500)).Where(h => allowed.Contains(h.DocumentId)).Take(10).ToList();
            Assert.Equal(restricted, within);
        }
    }

    [Fact]
    public async Task Dense_and_bm25_within_a_context_equal_their_full_ranking_restricted_to_it()
    {
        var set = await ShippedAsync();
        IRetriever[] retrievers = [new DenseRetriever(fixture.Generator, new EmbeddedVectorIndex(), BertOnnxModel.MiniLmName), new Bm25Retriever()];
        foreach (var retriever in retrievers)
        {
            await retriever.IndexAsync(set.Corpus);
            foreach (var (query, context) in Contexts(set))
            {
                var within = await retriever.RetrieveWithinAsync(set.Corpus, query.Text, 5, context);
                var restricted = (await retriever.RetrieveAsync(set.Corpus, query.Text, set.Corpus.Count)).Where(h => context.Contains(h.Document.Id)).Take(5).ToList();

                Assert.Equal(restricted.Select(r => r.Document.Id), within.Select(r => r.Document.Id));
                Assert.Equal(restricted.Select(r => r.Score), within.Select(r => r.Score));
            }
        }
    }

    [Fact]
    public async Task The_query_is_embedded_once_per_filtered_search()
    {
        var set = await ShippedAsync();
        var counting = new CountingEmbeddingGenerator(fixture.Generator);
        var retriever = new DenseRetriever(counting, new EmbeddedVectorIndex(), BertOnnxModel.MiniLmName);
        await retriever.IndexAsync(set.Corpus);
        var before = counting.TextsEmbedded;
        var (query, context) = Contexts(set).First();

        await retriever.RetrieveWithinAsync(set.Corpus, query.Text, 5, context);

        Assert.Equal(1, counting.TextsEmbedded - before);
    }

    private static float[] Unit(Random random)
    {
        var v = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
