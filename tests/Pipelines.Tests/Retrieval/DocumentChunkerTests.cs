using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Tests.Embeddings;

namespace LoftCompare.Pipelines.Tests.Retrieval;

public sealed class DocumentChunkerTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    // About 40 sentences of filler, then a distinctive last sentence far past MiniLM's 256-token window.
    private static readonly Document Long = new(
        "long",
        "Annual report",
        string.Join(' ', Enumerable.Range(1, 40).Select(i => $"Item {i} of the accounts was examined and found to be in order by the clerks.")) +
        " Finally, a great comet was seen over the harbor of Boston in the month of March.");

    [Fact]
    public void Long_documents_become_overlapping_chunks_that_each_fit_the_window_and_keep_the_title()
    {
        var chunks = new DocumentChunker(fixture.Generator).Chunk(Long);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.True(fixture.Generator.CountTokens(c.Text) <= fixture.Generator.MaxTokens, $"chunk {c.Index} too long"));
        Assert.All(chunks, c => Assert.StartsWith("Annual report\n", c.Text));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
        Assert.Contains("great comet", chunks[^1].Text);
        Assert.Equal("long#0", chunks[0].Id);
    }

    [Fact]
    public void A_document_that_fits_is_one_chunk()
        => Assert.Single(new DocumentChunker(fixture.Generator).Chunk(Corpus.Documents[0]));

    [Fact]
    public async Task Retrieval_finds_text_past_the_window_and_maps_chunks_back_to_one_document()
    {
        var retriever = new DenseRetriever(fixture.Generator, new EmbeddedVectorIndex(), BertOnnxModel.MiniLmName);
        IReadOnlyList<Document> corpus = [.. Corpus.Documents, Long];
        await retriever.IndexAsync(corpus);

        var results = await retriever.RetrieveAsync(corpus, "a comet seen over Boston harbor", corpus.Count);

        Assert.Equal("long", results[0].Document.Id);
        Assert.Equal(corpus.Count, results.Select(r => r.Document.Id).Distinct().Count());
        Assert.Equal(corpus.Count, results.Count);
    }
}
