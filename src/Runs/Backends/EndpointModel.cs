using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Running;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LoftCompare.Runs.Backends;

/// <summary>What every HTTP endpoint backend shares: the suite's endpoint settings as a <see cref="ModelEndpoint"/>, and a chat client held to its stream limits, wrapped in the response cache (when the suite asks) and measured by a <see cref="ModelCall"/>.</summary>
internal static class EndpointModel
{
    public static ModelEndpoint From(EndpointSettings settings, Uri baseUrl) => new()
    {
        BaseUrl = baseUrl,
        Model = settings.Model,
        ApiKeyEnv = settings.ApiKeyEnv,
        ContextWindow = settings.ContextWindow,
        MaxOutputTokens = settings.MaxOutputTokens,
        Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds),
        Stream = new StreamLimits(TimeSpan.FromSeconds(settings.TimeoutSeconds), TimeSpan.FromSeconds(settings.StreamIdleSeconds), TimeSpan.FromSeconds(settings.CallTimeoutSeconds)),
        MaxRetries = settings.MaxRetries,
        MaxReplyCharacters = settings.MaxReplyCharacters,
    };

    /// <summary>The call for <paramref name="client"/>, and the client as called (behind the durable response cache when the suite asks for it).</summary>
    public static (ModelCall Call, IChatClient Client) Call(IChatClient client, ModelEndpoint endpoint, string modelId, ModelBackendContext context)
    {
        client = new StreamDeadlineChatClient(client, endpoint.Stream);
        if (context.Suite.ResponseCache)
        {
            client = new SqliteResponseCache(client, Path.Combine(context.DataDirectory, "responses.db"), modelId, context.Loggers.CreateLogger<SqliteResponseCache>());
        }

        return (new ModelCall(client, context.Tokens, endpoint.MaxOutputTokens, endpoint.ContextWindow, requireFinishReason: true, streamRetries: endpoint.MaxRetries, retryDelay: endpoint.RetryDelay, maxReplyCharacters: endpoint.MaxReplyCharacters), client);
    }
}
