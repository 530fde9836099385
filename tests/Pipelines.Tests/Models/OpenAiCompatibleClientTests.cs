using System.ClientModel;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Pipelines.Tests.Models;

/// <summary>The OpenAI-compatible backend against a local server (real HTTP and SSE; no real model server is reachable here).</summary>
public sealed class OpenAiCompatibleClientTests : IDisposable
{
    private const string KeyVariable = "LOFTCOMPARE_TEST_OPENAI_KEY";
    private readonly LocalOpenAiServer server = new();
    private readonly TiktokenCounter tokens = new();

    public OpenAiCompatibleClientTests() => Environment.SetEnvironmentVariable(KeyVariable, "sk-test-123");

    private ModelEndpoint Endpoint(int? window = null, int retries = 4) => new()
    {
        BaseUrl = server.BaseUrl,
        Model = "qwen-long",
        ApiKeyEnv = KeyVariable,
        ContextWindow = window,
        MaxOutputTokens = 64,
        MaxRetries = retries,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        Timeout = TimeSpan.FromSeconds(20),
    };

    private ModelCall Call(int? window = null, int retries = 4) => new(OpenAiCompatibleClient.Create(Endpoint(window, retries)), tokens, 64, window);

    [Fact]
    public async Task Streams_the_answer_sends_the_prompt_deterministically_and_parses_usage_with_cached_tokens()
    {
        server.Streams("ID: doc1 | TITLE: x\nFinal Answer: ['Spain']", promptTokens: 1200, completionTokens: 9, cachedTokens: 1024, firstTokenDelayMs: 150, pieceDelayMs: 150);

        var reply = await Call().SendAsync(TaskKind.Rag, "Documents...\nquery: who?", CancellationToken.None);

        Assert.Equal(["Spain"], reply.Parsed);
        Assert.Equal((1200, 1024, 9), (reply.InputTokens, reply.CachedInputTokens, reply.OutputTokens));
        Assert.Equal(tokens.Count("Documents...\nquery: who?"), reply.TokenizerInputTokens);
        Assert.InRange(reply.TtftMs!.Value, 100, reply.ModelMs - 200); // first text well before the stream ends
        var (body, authorization) = Assert.Single(server.Requests);
        Assert.Equal("Bearer sk-test-123", authorization);
        Assert.Equal("qwen-long", body.GetProperty("model").GetString());
        Assert.Equal("Documents...\nquery: who?", MessageText(body));
        Assert.Equal(0, body.GetProperty("temperature").GetDouble());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.Equal(64, body.TryGetProperty("max_completion_tokens", out var max) ? max.GetInt32() : body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task Retries_429_and_5xx_with_backoff_then_succeeds()
    {
        server.Fails(429, "slow down").Fails(503, "busy").Fails(500, "oops").Streams("Final Answer: ['ok']", 10, 3, 0);

        var reply = await Call().SendAsync(TaskKind.Rag, "query: q", CancellationToken.None);

        Assert.Equal(["ok"], reply.Parsed);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Gives_up_after_the_retry_budget_with_the_servers_error()
    {
        server.Fails(503, "busy").Fails(503, "busy").Fails(503, "still busy");

        var error = await Assert.ThrowsAsync<ModelCallException>(() => Call(retries: 2).SendAsync(TaskKind.Rag, "query: q", CancellationToken.None));

        Assert.Equal(503, Assert.IsType<ClientResultException>(error.InnerException).Status);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, error.Attempts); // counted across the HTTP retry handler
        Assert.StartsWith("ClientResultException: HTTP 503", error.Message);
    }

    [Fact]
    public async Task A_400_context_length_error_is_recognised_and_not_retried()
    {
        server.Fails(400, "This model's maximum context length is 32768 tokens. However, you requested 40000 tokens.", "context_length_exceeded");

        var error = await Assert.ThrowsAsync<ContextTooLongException>(() => Call().SendAsync(TaskKind.Rag, "query: q", CancellationToken.None));

        Assert.Contains("maximum context length is 32768", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_prompt_over_the_declared_window_is_refused_before_sending()
    {
        var error = await Assert.ThrowsAsync<ContextTooLongException>(() => Call(window: 100).SendAsync(TaskKind.Rag, string.Join(' ', Enumerable.Repeat("word", 200)) + "\nquery: q", CancellationToken.None));

        Assert.Contains("exceeds the 100-token context window", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Long_context_truncates_the_corpus_to_fit_and_says_so_or_skips_by_policy()
    {
        var corpus = Enumerable.Range(1, 40).Select(i => new Document($"doc{i}", $"Title {i}", string.Join(' ', Enumerable.Repeat($"passage {i} text", 20)))).ToList();
        var set = TaskSet.Create("t", TaskKind.Rag, corpus, [new Query("q1", "who?", ["x"], ["doc40"])], [], "memory");
        server.Streams("Final Answer: ['x']", 10, 3, 0);

        var output = await new LongContextPipeline(Call(window: 2_000), "qwen-long", new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn)).RunAsync(set, set.Queries[0]);

        var sent = MessageText(Assert.Single(server.Requests).Body);
        Assert.Matches(@"corpus truncated to the first \d+ of 40 documents to fit the 2,000-token window", output.ContextNote);
        Assert.Contains("ID: doc1 |", sent);
        Assert.DoesNotContain("ID: doc40 |", sent);
        Assert.True(output.TokenizerInputTokens <= 2_000 - 64);
        await Assert.ThrowsAsync<ContextTooLongException>(() => new LongContextPipeline(Call(window: 2_000), "qwen-long", new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn), ContextOverflow.Skip).RunAsync(set, set.Queries[0]));
    }

    [Fact]
    public void A_missing_api_key_variable_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OpenAiCompatibleClient.Create(Endpoint() with { ApiKeyEnv = "LOFTCOMPARE_TEST_UNSET_KEY" }));

        Assert.Contains("'LOFTCOMPARE_TEST_UNSET_KEY'", error.Message);
    }

    /// <summary>The user message's text, whether sent as a string or as content parts.</summary>
    private static string MessageText(System.Text.Json.JsonElement body)
    {
        var content = body.GetProperty("messages")[0].GetProperty("content");
        return content.ValueKind == System.Text.Json.JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
    }

    public void Dispose() => server.Dispose();
}
