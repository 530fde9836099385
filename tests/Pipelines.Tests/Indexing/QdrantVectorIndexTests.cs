using System.Numerics.Tensors;
using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Tests.Embeddings;
using LoftCompare.Pipelines.Tests.Retrieval;

namespace LoftCompare.Pipelines.Tests.Indexing;

public sealed class QdrantVectorIndexTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static string NewCollection() => $"loftcompare-test-{Guid.NewGuid():N}";

    [Fact]
    public async Task An_unreachable_server_is_a_clear_error_naming_it()
    {
        using var index = new QdrantVectorIndex(QdrantSettings.Parse("http://127.0.0.1:1"), TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<VectorIndexUnavailableException>(() => index.EnsureCollectionAsync("c", 3));

        Assert.Contains("Qdrant at http://127.0.0.1:1 is unreachable", error.Message);
        Assert.Contains(QdrantSettings.UrlVariable, error.Message);
    }

    [Theory]
    [InlineData("localhost", "http://localhost:6334")]
    [InlineData("qdrant.internal:7000", "http://qdrant.internal:7000")]
    [InlineData("https://cloud.example:6334", "https://cloud.example:6334")]
    public void Parses_addresses_with_the_grpc_port_by_default(string url, string expected)
        => Assert.Equal(expected, QdrantSettings.Parse(url).ToString());

    [Fact]
    public void Point_ids_are_stable_uuids_per_record()
    {
        Assert.Equal(QdrantVectorIndex.PointIdFor("doc1#0"), QdrantVectorIndex.PointIdFor("doc1#0"));
        Assert.NotEqual(QdrantVectorIndex.PointIdFor("doc1#0"), QdrantVectorIndex.PointIdFor("doc1#1"));
    }

    [QdrantFact]
    public async Task Creates_reuses_and_searches_a_collection_like_the_embedded_index()
    {
        using var index = new QdrantVectorIndex(QdrantSettings.FromEnvironment()!);
        var collection = NewCollection();
        try
        {
            var random = new Random(7);
            var vectors = Enumerable.Range(0, 300).Select(_ =>
            {
                var v = Enumerable.Range(0, 16).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
                TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
                return v;
            }).ToList();
            var records = vectors.Select((v, i) => new VectorRecord($"r{i}", $"d{i / 2}", v)).ToList();

            Assert.Equal(0, await index.EnsureCollectionAsync(collection, 16));
            await index.UpsertAsync(collection, records);
            Assert.Equal(300, await index.EnsureCollectionAsync(collection, 16)); // reused, not recreated
            await index.UpsertAsync(collection, records.Take(10).ToList());
            Assert.Equal(300, await index.EnsureCollectionAsync(collection, 16)); // upserts replace by id

            var exact = new EmbeddedVectorIndex();
            await exact.EnsureCollectionAsync("c", 16);
            await exact.UpsertAsync("c", records);
            var hits = await index.SearchAsync(collection, vectors[42], 5);
            var expected = await exact.SearchAsync("c", vectors[42], 5);
            Assert.Equal(expected.Select(h => (h.Id, h.DocumentId)), hits.Select(h => (h.Id, h.DocumentId)));
            Assert.Equal(1f, hits[0].Score, 3);

            // Filtered inside the server by a payload filter, the same top-k as the embedded index's mask.
            var context = Enumerable.Range(0, 150).Where(d => d % 5 == 0).Select(d => $"d{d}").ToHashSet();
            var within = await index.SearchWithinAsync(collection, vectors[42], 5, context);
            var expectedWithin = await exact.SearchWithinAsync("c", vectors[42], 5, context);
            Assert.Equal(expectedWithin.Select(h => (h.Id, h.DocumentId)), within.Select(h => (h.Id, h.DocumentId)));

            var mismatch = await Assert.ThrowsAsync<InvalidOperationException>(() => index.EnsureCollectionAsync(collection, 384));
            Assert.Contains("holds 16-dimension vectors, not 384", mismatch.Message);
        }
        finally
        {
            await index.DeleteCollectionAsync(collection);
        }
    }

    [QdrantFact]
    public async Task A_dense_retriever_over_qdrant_embeds_a_corpus_once_and_finds_the_same_documents()
    {
        using var index = new QdrantVectorIndex(QdrantSettings.FromEnvironment()!);
        var counter = new CountingEmbeddingGenerator(fixture.Generator);
        var retriever = new DenseRetriever(counter, index, $"test-{Guid.NewGuid():N}"[..20]);
        var collection = retriever.CollectionFor(Corpus.Documents);
        try
        {
            await retriever.IndexAsync(Corpus.Documents);
            var again = new DenseRetriever(new CountingEmbeddingGenerator(fixture.Generator), index, retriever.Name["dense:".Length..]);
            await again.IndexAsync(Corpus.Documents);

            var results = await retriever.RetrieveAsync(Corpus.Documents, "customs duties at the ports", 2);

            Assert.Equal(Corpus.Documents.Count, counter.TextsEmbedded - 1);
            Assert.Equal("revenue", results[0].Document.Id);
        }
        finally
        {
            await index.DeleteCollectionAsync(collection);
        }
    }
}
