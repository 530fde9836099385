using System.Runtime.CompilerServices;
using System.Text.Json;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Tokens;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Tests.Models;

/// <summary>What a call records from a reply comes from one published vocabulary any <see cref="IChatClient"/> may set, not from the built-in clients' own keys.</summary>
public sealed class ChatPropertiesTests
{
    /// <summary>A plug-in model that is not one of ours: it reports a confidence (as JSON, as a replayed reply would carry it), a cache hit and its encodings' cache share.</summary>
    private sealed class PluginClient : IChatClient
    {
        public ChatOptions? Seen { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException("the call streams");

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Seen = options;
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Final Answer: ['x']")
            {
                AdditionalProperties = new AdditionalPropertiesDictionary
                {
                    [ChatProperties.Confidence] = JsonSerializer.SerializeToElement(0.42),
                    [ChatProperties.CacheHit] = true,
                    [ChatProperties.EncodingsCached] = 0.25,
                },
            };
            yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task A_plug_in_client_reports_confidence_cache_hits_and_cache_share_the_way_ours_do_and_is_told_the_task_kind()
    {
        var client = new PluginClient();

        var reply = await new ModelCall(client, new TiktokenCounter()).SendAsync(TaskKind.Rag, "query: q", CancellationToken.None);

        Assert.Equal((0.42, true, 0.25), (reply.Confidence, reply.CacheHit, reply.EncodingsCached));
        Assert.Equal(TaskKind.Rag.Name, client.Seen!.AdditionalProperties![ChatProperties.TaskKind]);
    }

    [Fact]
    public void The_call_names_no_client_of_ours()
    {
        var source = File.ReadAllText(Path.Combine(RepoRoot(), "src", "Pipelines", "Running", "ModelCall.cs"));

        Assert.DoesNotContain(nameof(ExtractiveReaderChatClient), source, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(SqliteResponseCache), source, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "LoftCompare.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("LoftCompare.sln not found above the test folder.");
        }

        return folder.FullName;
    }
}
