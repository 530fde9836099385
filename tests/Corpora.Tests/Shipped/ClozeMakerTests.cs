using LoftCompare.Corpora.Shipped;

namespace LoftCompare.Corpora.Tests.Shipped;

public sealed class ClozeMakerTests
{
    [Fact]
    public void Blanks_numbers_and_mid_sentence_names_but_not_the_first_word()
    {
        const string sentence = "Congress appropriated 4,000,000 dollars for the Secretary of the Treasury to spend on harbors along the Gulf of Mexico this year.";

        var candidates = ClozeMaker.Candidates(sentence);

        Assert.Equal(["4,000,000", "Secretary of the Treasury", "Gulf of Mexico"], candidates.Select(c => c.Answer));
        Assert.Equal("Congress appropriated ____ dollars for the Secretary of the Treasury to spend on harbors along the Gulf of Mexico this year.", candidates[0].MaskedSentence);
    }

    [Fact]
    public void Skips_spans_that_appear_elsewhere_in_the_sentence_and_sentences_of_the_wrong_length()
    {
        Assert.DoesNotContain(
            ClozeMaker.Candidates("We thank France for the treaty, and France thanks us in turn for the many years of friendship and trade."),
            c => c.Answer == "France");
        Assert.Empty(ClozeMaker.Candidates("Paris is far."));
    }
}
