using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Pipelines.Tests.Tokens;

public sealed class TiktokenCounterTests
{
    [Fact]
    public void Counts_o200k_tokens_not_words()
    {
        var counter = new TiktokenCounter();

        Assert.Equal("o200k_base", counter.Name);
        Assert.Equal(2, counter.Count("hello world"));
        Assert.True(counter.Count("Antidisestablishmentarianism") > 1);
        Assert.Equal(0, counter.Count(string.Empty));
    }
}
