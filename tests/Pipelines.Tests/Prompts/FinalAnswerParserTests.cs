using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Tests.Prompts;

public sealed class FinalAnswerParserTests
{
    [Theory]
    [InlineData("ID: doc1 | TITLE: x\nFinal Answer: [doc1, doc7]", new[] { "doc1", "doc7" })]
    [InlineData("Final Answer: ['the Ramones']", new[] { "the Ramones" })]
    [InlineData("Final Answer: [\"a, b\", 'c']\nmore text", new[] { "a, b", "c" })]
    [InlineData("Final Answer: ['O\\'Brien']", new[] { "O'Brien" })]
    [InlineData("thinking... Final Answer: [x]\nFinal Answer: [y]", new[] { "y" })]
    [InlineData("final answer: Spain", new[] { "Spain" })]
    [InlineData("Final Answer: []", new string[0])]
    public void Reads_the_list_after_the_last_final_answer(string output, string[] expected)
        => Assert.Equal(expected, FinalAnswerParser.Parse(output));

    [Fact]
    public void Returns_null_when_there_is_no_final_answer()
        => Assert.Null(FinalAnswerParser.Parse("I think it is Spain."));
}
