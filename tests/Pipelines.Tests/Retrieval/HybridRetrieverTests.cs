using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Retrieval;

namespace LoftCompare.Pipelines.Tests.Retrieval;

public sealed class HybridRetrieverTests
{
    private static IReadOnlyList<RetrievedDocument> Ranking(params string[] ids)
        => ids.Select(id => new RetrievedDocument(Corpus.Documents.Single(d => d.Id == id), 0)).ToList();

    [Fact]
    public void Fuses_rankings_by_reciprocal_rank()
    {
        // k = 60. navy: 1/61 + 1/63; revenue: 1/62 + 1/61; army: 1/63 (list A only); mail: 1/62 (list B only).
        var fused = HybridRetriever.Fuse(Corpus.Documents, [Ranking("navy", "revenue", "army"), Ranking("revenue", "mail", "navy")], k: 60).ToList();

        Assert.Equal(["revenue", "navy", "mail", "army"], fused.Select(r => r.Document.Id));
        Assert.Equal((1.0 / 62) + (1.0 / 61), fused[0].Score, 6);
    }

    [Fact]
    public void Ties_go_to_the_better_single_rank_then_corpus_order()
    {
        // navy and revenue both score 1/61 + 1/62; mail and army both 1/63, each at rank 3.
        var fused = HybridRetriever.Fuse(Corpus.Documents, [Ranking("navy", "revenue", "army"), Ranking("revenue", "navy", "mail")], k: 60).ToList();

        Assert.Equal(["navy", "revenue", "mail", "army"], fused.Select(r => r.Document.Id));
    }

    [Fact]
    public async Task Combines_a_lexical_and_another_retriever_end_to_end()
    {
        var hybrid = new HybridRetriever([new Bm25Retriever(), new Bm25Retriever(k1: 2.0, b: 0.2)]);
        await hybrid.IndexAsync(Corpus.Documents);

        var results = await hybrid.RetrieveAsync(Corpus.Documents, "forts on the frontier", 3);

        Assert.Equal("army", results[0].Document.Id);
        Assert.Equal("hybrid:rrf(bm25+bm25)", hybrid.Name);
    }
}
