using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Tests.Embeddings;

namespace LoftCompare.Pipelines.Tests.Retrieval;

public sealed class PersistedDenseRetrieverTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>, IDisposable
{
    private readonly TempDirectory data = new();

    private (DenseRetriever Retriever, CountingEmbeddingGenerator Counter, EmbeddedVectorIndex Index) Open()
    {
        var counter = new CountingEmbeddingGenerator(fixture.Generator);
        var index = new EmbeddedVectorIndex(data.Path);
        return (new DenseRetriever(counter, index, BertOnnxModel.MiniLmName), counter, index);
    }

    [Fact]
    public async Task Reopening_an_embedded_corpus_costs_no_embedding_and_gives_the_same_results()
    {
        var (first, firstCounter, _) = Open();
        await first.IndexAsync(Corpus.Documents);
        var before = await first.RetrieveAsync(Corpus.Documents, "customs duties at the ports", 3);
        Assert.Equal(Corpus.Documents.Count, firstCounter.TextsEmbedded - 1); // the documents, then the query

        var (second, secondCounter, _) = Open();
        await second.IndexAsync(Corpus.Documents);
        Assert.Equal(0, secondCounter.TextsEmbedded);

        var after = await second.RetrieveAsync(Corpus.Documents, "customs duties at the ports", 3);
        Assert.Equal(1, secondCounter.TextsEmbedded); // only the query
        Assert.Equal(before.Select(r => (r.Document.Id, r.Score)), after.Select(r => (r.Document.Id, r.Score)));
        Assert.Equal("revenue", after[0].Document.Id);
    }

    [Theory]
    [InlineData("corrupt")]
    [InlineData("truncated")]
    [InlineData("old-version")]
    public async Task A_damaged_or_outdated_index_file_is_rebuilt_never_used(string damage)
    {
        var (first, _, firstIndex) = Open();
        await first.IndexAsync(Corpus.Documents);
        var file = firstIndex.FileOf(first.CollectionFor(Corpus.Documents))!;
        var bytes = await File.ReadAllBytesAsync(file);
        switch (damage)
        {
            case "corrupt":
                bytes[bytes.Length / 2] ^= 0x5A;
                break;
            case "truncated":
                bytes = bytes[..(bytes.Length - 100)];
                break;
            default:
                bytes[4] = 99; // format version field, little-endian
                break;
        }

        await File.WriteAllBytesAsync(file, bytes);

        var (second, counter, _) = Open();
        await second.IndexAsync(Corpus.Documents);
        var results = await second.RetrieveAsync(Corpus.Documents, "ships of the navy off Africa", 1);

        Assert.Equal(Corpus.Documents.Count + 1, counter.TextsEmbedded); // rebuilt, then the query
        Assert.Equal("navy", results[0].Document.Id);
    }

    public void Dispose() => data.Dispose();
}
