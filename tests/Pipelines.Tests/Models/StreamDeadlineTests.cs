using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Tokens;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Tests.Models;

/// <summary>Streams that stall end at their limits against a real local server (real sockets, real SSE): recorded as timeouts, retried, and the connection dropped.</summary>
public sealed class StreamDeadlineTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2); // only a hung test reaches it; no assertion is timed
    private readonly LocalOpenAiServer server = new();
    private readonly TiktokenCounter tokens = new();

    private ModelCall Call(StreamLimits limits, int retries = 0)
    {
        var endpoint = new ModelEndpoint { BaseUrl = server.BaseUrl, Model = "m", MaxRetries = 0, RetryDelay = TimeSpan.FromMilliseconds(10), Stream = limits };
        return new ModelCall(new StreamDeadlineChatClient(OpenAiCompatibleClient.Create(endpoint), limits), tokens, 64, requireFinishReason: true, streamRetries: retries, retryDelay: TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public async Task A_stream_that_stalls_after_its_first_chunk_ends_as_a_timeout_and_the_connection_is_dropped()
    {
        server.StallsAfterFirstChunk("Final Answer: ['par");

        var error = await Assert.ThrowsAsync<ModelCallException>(() => Call(new(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300), TimeSpan.FromMinutes(5))).SendAsync(TaskKind.Rag, "query: q", CancellationToken.None).WaitAsync(HangGuard));

        var timeout = Assert.IsType<ModelTimeoutException>(error.InnerException);
        Assert.Contains("the stream stalled for 0.3 s after 1 event (streamIdleSeconds)", timeout.Message);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task Keep_alive_bytes_are_not_events_so_a_dripping_server_still_times_out()
    {
        var dropped = new TaskCompletionSource();
        server.DripsKeepAlives(everyMs: 50, dropped);

        var error = await Assert.ThrowsAsync<ModelCallException>(() => Call(new(TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5))).SendAsync(TaskKind.Rag, "query: q", CancellationToken.None).WaitAsync(HangGuard));

        Assert.Contains("no stream event within 0.4 s of sending (timeoutSeconds)", Assert.IsType<ModelTimeoutException>(error.InnerException).Message);
        await dropped.Task.WaitAsync(HangGuard); // the server sees its client go: nothing keeps reading a dead stream
    }

    [Fact]
    public async Task A_stalled_attempt_is_retried_like_a_dropped_connection_and_the_retry_answers()
    {
        server.StallsAfterFirstChunk("Final Answer: ['par").Streams("Final Answer: ['Paris']", 10, 3, 0);

        var reply = await Call(new(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300), TimeSpan.FromMinutes(5)), retries: 2).SendAsync(TaskKind.Rag, "query: q", CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(["Paris"], reply.Parsed);
        Assert.Equal(2, reply.Attempts);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_stream_that_keeps_trickling_past_the_total_limit_ends_as_a_timeout()
    {
        // Each piece comes well inside the idle limit; the whole answer takes longer than the attempt may.
        server.Streams("Final Answer: ['a long answer in pieces']", 10, 3, 0, pieceDelayMs: 400);

        var error = await Assert.ThrowsAsync<ModelCallException>(() => Call(new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500))).SendAsync(TaskKind.Rag, "query: q", CancellationToken.None).WaitAsync(HangGuard));

        Assert.Contains("the call's total limit, callTimeoutSeconds", Assert.IsType<ModelTimeoutException>(error.InnerException).Message);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation_and_the_inner_stream_is_closed()
    {
        var inner = new EndlessStream();
        var client = new StreamDeadlineChatClient(inner, new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)));
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new(ChatRole.User, "q")], cancellationToken: stop.Token))
            {
                stop.Cancel(); // the caller gives up after the first update, while the server says nothing more
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(HangGuard));
        Assert.True(inner.Closed);
    }

    /// <summary>One update, then silence that only cancellation ends; records that its stream was closed.</summary>
    private sealed class EndlessStream : IChatClient
    {
        public bool Closed { get; private set; }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, "Final");
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Closed = true;
            }
        }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    public void Dispose() => server.Dispose();
}
