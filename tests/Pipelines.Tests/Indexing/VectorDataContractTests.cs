using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Indexing.VectorData;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Tests.Embeddings;

namespace LoftCompare.Pipelines.Tests.Indexing;

/// <summary>
/// The retrieval contract through Microsoft.Extensions.VectorData: the dense retriever over any VectorStore (here our
/// embedded index exposed as one) finds what it finds over the index directly — top-k and top-k within a query's own
/// documents, ids and scores.
/// </summary>
public sealed class VectorDataContractTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    [Fact]
    public Task The_dense_retriever_over_the_embedded_index_as_a_vector_store_finds_the_same_documents_as_over_the_index_itself()
        => ContractAsync(() => new EmbeddedVectorIndex());

    [QdrantFact]
    public Task The_dense_retriever_over_qdrant_as_a_vector_store_finds_the_same_documents_as_over_the_embedded_index()
        => ContractAsync(() => new QdrantVectorIndex(QdrantSettings.FromEnvironment()!));

    private async Task ContractAsync(Func<IVectorIndex> index)
    {
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Path.Combine(AppContext.BaseDirectory, "datasets", "rag", "sotu", "32k"), MaxQueries: 6));
        var direct = new DenseRetriever(fixture.Generator, new EmbeddedVectorIndex(), "all-MiniLM-L6-v2");
        var throughVectorData = new DenseRetriever(fixture.Generator, new VectorStoreIndex(new IndexVectorStore(index())), $"all-MiniLM-L6-v2-vd-{Guid.NewGuid():N}");
        await direct.IndexAsync(set.Corpus);
        await throughVectorData.IndexAsync(set.Corpus);
        var context = set.Corpus.Skip(40).Take(30).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        foreach (var query in set.Queries)
        {
            var expected = await direct.RetrieveAsync(set.Corpus, query.Text, 5);
            var actual = await throughVectorData.RetrieveAsync(set.Corpus, query.Text, 5);
            Assert.Equal(expected.Select(r => r.Document.Id), actual.Select(r => r.Document.Id));
            Assert.Equal(expected.Select(r => Math.Round(r.Score, 5)), actual.Select(r => Math.Round(r.Score, 5)));

            var within = await ((IRetriever)throughVectorData).RetrieveWithinAsync(set.Corpus, query.Text, 5, context);
            Assert.Equal((await ((IRetriever)direct).RetrieveWithinAsync(set.Corpus, query.Text, 5, context)).Select(r => r.Document.Id), within.Select(r => r.Document.Id));
            Assert.All(within, r => Assert.Contains(r.Document.Id, context));
        }
    }

    [Fact]
    public async Task What_the_embedded_store_does_not_keep_says_so()
    {
        using var store = new IndexVectorStore(new EmbeddedVectorIndex());
        var collection = store.GetDynamicCollection("c", PassageSchema.Definition(3));
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync([new Dictionary<string, object?> { ["id"] = "a#0", ["document_id"] = "a", ["embedding"] = new float[] { 1, 0, 0 } }]);

        var hits = new List<Microsoft.Extensions.VectorData.VectorSearchResult<Dictionary<string, object?>>>();
        await foreach (var hit in collection.SearchAsync(new ReadOnlyMemory<float>([1f, 0, 0]), 1))
        {
            hits.Add(hit);
        }

        Assert.Equal(("a", 1.0), ((string)hits.Single().Record["document_id"]!, Math.Round(hits.Single().Score!.Value, 6)));
        Assert.Contains("searched, not read back by key", (await Assert.ThrowsAsync<NotSupportedException>(() => collection.GetAsync("a#0"))).Message);
        Assert.Throws<NotSupportedException>(() => store.GetCollection<string, Dictionary<string, object?>>("c"));
    }
}
