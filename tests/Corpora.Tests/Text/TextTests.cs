using LoftCompare.Corpora.Text;

namespace LoftCompare.Corpora.Tests.Text;

public sealed class TextTests
{
    [Fact]
    public void Splits_sentences_at_terminal_punctuation_before_a_capital_or_quote()
    {
        var sentences = SentenceSplitter.Split("We met in 1862. The war went on! Did it end? \"Yes,\" he said. 4,000 men came.");

        Assert.Equal(["We met in 1862.", "The war went on!", "Did it end?", "\"Yes,\" he said.", "4,000 men came."], sentences);
    }

    [Fact]
    public void Keeps_numbers_and_hyphenated_words_whole_with_offsets()
    {
        var words = Words.Find("A $4,000,000.50 co-operation, isn't it?");

        Assert.Equal(["A", "4,000,000.50", "co-operation", "isn't", "it"], words.Select(w => w.Text));
        Assert.Equal(3, words[1].Start);
    }
}
