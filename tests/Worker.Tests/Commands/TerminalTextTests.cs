using LoftCompare.Worker.Commands;

namespace LoftCompare.Worker.Tests.Commands;

public sealed class TerminalTextTests
{
    [Fact]
    public void Escape_sequences_from_the_database_cannot_reach_the_terminal()
    {
        const string hostile = "answer\u001b]0;pwned\u0007 \u001b[2J\u009b31m\nnext\tline";

        var clean = TerminalText.Clean(hostile);

        Assert.DoesNotContain('\u001b', clean);
        Assert.DoesNotContain('\u0007', clean);
        Assert.DoesNotContain('\u009b', clean);
        Assert.Equal("answer\uFFFD]0;pwned\uFFFD \uFFFD[2J\uFFFD31m\nnext\tline", clean);
    }
}
