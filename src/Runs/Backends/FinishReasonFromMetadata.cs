using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LoftCompare.Runs.Backends;

/// <summary>
/// Semantic Kernel's chat services report a streamed answer's finish reason in their metadata, which its
/// <see cref="IChatClient"/> adapter passes on as an additional property rather than <see cref="ChatResponseUpdate.FinishReason"/>.
/// This puts it where <see cref="Pipelines.Running.ModelCall"/> looks, so a complete answer is told from a cut one.
/// </summary>
public sealed class FinishReasonFromMetadata(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            if (update.FinishReason is null && update.AdditionalProperties?.FirstOrDefault(p => p.Key.Equals("FinishReason", StringComparison.OrdinalIgnoreCase)).Value?.ToString() is { Length: > 0 } reason)
            {
                update.FinishReason = new ChatFinishReason(reason.ToLowerInvariant());
            }

            yield return update;
        }
    }
}
