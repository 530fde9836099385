using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Retrieval;

namespace LoftCompare.Pipelines.Tests.Retrieval;

public sealed class Bm25Tests
{
    [Fact]
    public void Scores_match_the_bm25_formula_computed_by_hand()
    {
        // Terms after analysis: d0 = [whale, ship, whale] (3), d1 = [ship, harbor] (2), d2 = [harbor] (1); avgdl = 2.
        var index = new Bm25Index(["The whale and the ship whale", "a ship in harbor", "harbor"]);

        var hits = index.Search("whale", 3);

        // idf(whale) = ln(1 + (3 − 1 + 0.5) / (1 + 0.5)); tf = 2, dl = 3: 2 · 2.2 / (2 + 1.2 · (0.25 + 0.75 · 3 / 2)).
        var idf = Math.Log(1 + (2.5 / 1.5));
        var expected = idf * 2 * 2.2 / (2 + (1.2 * (0.25 + (0.75 * 1.5))));
        var (document, score) = Assert.Single(hits);
        Assert.Equal(0, document);
        Assert.Equal(expected, score, 10);
    }

    [Fact]
    public void Ranks_by_summed_term_scores_with_shorter_documents_favoured_at_equal_frequency()
    {
        var index = new Bm25Index(["harbor ship", "harbor ship ship ship cargo cargo cargo cargo", "harbor", "nothing relevant"]);

        var hits = index.Search("harbor ship", 10);

        Assert.Equal([0, 1, 2], hits.Select(h => h.Document)); // the unmatched document is left out
        Assert.True(hits[0].Score > hits[1].Score && hits[1].Score > hits[2].Score);
    }

    [Fact]
    public void Drops_lucene_stop_words_and_keeps_numbers_whole()
    {
        Assert.Equal(["4,000,000", "dollars", "collected"], Bm25Analyzer.Terms("The 4,000,000 dollars that were collected").Where(t => t != "were"));
        Assert.Empty(new Bm25Index(["the and of"]).Search("the", 5));
    }

    [Fact]
    public async Task The_retriever_returns_documents_with_their_scores()
    {
        var retriever = new Bm25Retriever();
        await retriever.IndexAsync(Corpus.Documents);

        var results = await retriever.RetrieveAsync(Corpus.Documents, "postage receipts of the post office", 2);

        Assert.Equal("mail", results[0].Document.Id);
        Assert.Single(results); // no other document shares a term
    }
}
