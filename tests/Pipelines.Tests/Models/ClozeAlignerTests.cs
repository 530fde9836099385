using LoftCompare.Pipelines.Models;

namespace LoftCompare.Pipelines.Tests.Models;

public sealed class ClozeAlignerTests
{
    [Theory]
    [InlineData("the revenue of ____ dollars was collected", "In 1850 the revenue of 4,000,000 dollars was collected at ports.", "4,000,000")]
    [InlineData("sent by the ____ to the coast", "Ships were sent by the Secretary of the Navy to the coast.", "Secretary of the Navy")]
    [InlineData("peace with ____.", "We are at peace with Great Britain.", "Great Britain")]
    public void Extracts_the_span_between_the_matched_contexts(string pattern, string sentence, string expected)
        => Assert.Equal(expected, ClozeAligner.Fill(pattern, sentence)?.Span);

    [Fact]
    public void Declines_sentences_that_do_not_fit_the_pattern()
    {
        Assert.Null(ClozeAligner.Fill("the revenue of ____ dollars was collected", "Whales are mammals that breathe air."));
        Assert.Null(ClozeAligner.Fill("no blank here", "no blank here"));
    }
}
