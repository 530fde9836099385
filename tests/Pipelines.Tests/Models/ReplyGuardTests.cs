using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Pipelines.Tests.Models;

/// <summary>Replies a server gets wrong, against a real local server: endless text, counts far below ours, no usage, an error page inside a 200.</summary>
public sealed class ReplyGuardTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2); // only a hung test reaches it; no assertion is timed
    private readonly LocalOpenAiServer server = new();
    private readonly TiktokenCounter tokens = new();

    private ModelCall Call(int? maxReplyCharacters = null)
    {
        var endpoint = new ModelEndpoint { BaseUrl = server.BaseUrl, Model = "m", MaxRetries = 0 };
        return new ModelCall(OpenAiCompatibleClient.Create(endpoint), tokens, 64, requireFinishReason: true, maxReplyCharacters: maxReplyCharacters);
    }

    [Fact]
    public async Task A_reply_that_ignores_max_tokens_is_cut_at_the_limit_flagged_and_its_stream_dropped()
    {
        var dropped = new TaskCompletionSource();
        server.StreamsForever("blah blah blah ", dropped);

        var reply = await Call(maxReplyCharacters: 10_000).SendAsync(TaskKind.Rag, "query: q", CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(10_000, reply.Output.Length);
        Assert.Contains("reply cut at 10,000 characters: the server sent more than 64 output tokens allow (it ignored max_tokens)", reply.Note);
        Assert.Equal(tokens.Count(reply.Output), reply.OutputTokens); // no usage came: ours, of what was kept
        await dropped.Task.WaitAsync(HangGuard); // nothing past the limit is read
    }

    [Fact]
    public async Task Output_tokens_far_below_our_count_are_flagged_beside_it_and_priced_as_reported()
    {
        var text = "Final Answer: ['" + string.Join(' ', Enumerable.Repeat("tokens", 200)) + "']";
        server.Streams(text, promptTokens: 10, completionTokens: 7, cachedTokens: 0);

        var reply = await Call().SendAsync(TaskKind.Rag, "query: q", CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(7, reply.OutputTokens);
        Assert.Equal($"the server reported 7 output tokens; our tokenizer counts {tokens.Count(text):N0}", reply.Note);
    }

    [Fact]
    public async Task A_stream_without_usage_says_our_tokenizer_counted_it()
    {
        server.ByDefaultStreams("Final Answer: ['x']");

        var reply = await Call().SendAsync(TaskKind.Rag, "query: q", CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal("the server reported no usage: tokens counted by our tokenizer", reply.Note);
        Assert.Equal(tokens.Count("query: q"), reply.InputTokens);
    }

    [Fact]
    public async Task A_well_behaved_reply_has_no_note()
    {
        server.Streams("Final Answer: ['x']", promptTokens: 10, completionTokens: 5, cachedTokens: 0);

        Assert.Null((await Call().SendAsync(TaskKind.Rag, "query: q", CancellationToken.None).WaitAsync(HangGuard)).Note);
    }

    [Theory]
    [InlineData("text/html", "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>nginx</body></html>", "the server answered 200 with an HTML page instead of an answer: 502 Bad Gateway 502 Bad Gateway nginx")]
    [InlineData("application/json", """{"error": {"message": "model is overloaded, try later", "type": "server_error"}}""", "the server answered 200 with an error instead of an answer: model is overloaded, try later")]
    public async Task An_error_inside_a_200_is_reported_with_what_the_server_said(string contentType, string body, string expected)
    {
        server.AnswersOk(contentType, body);

        var error = await Assert.ThrowsAsync<ModelCallException>(() => Call().SendAsync(TaskKind.Rag, "query: q", CancellationToken.None).WaitAsync(HangGuard));

        Assert.Contains(expected, error.Message);
    }

    public void Dispose() => server.Dispose();
}
