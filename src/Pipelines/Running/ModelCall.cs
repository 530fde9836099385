using System.Diagnostics;
using System.Text;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Tokens;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Running;

/// <summary>
/// Sends one prompt to a chat model, streaming, with deterministic options (temperature 0, bounded output), and
/// measures it: time to first token, total time, and usage (server-reported counts preferred, ours kept beside them).
/// Shared by both pipelines so they are measured alike.
/// </summary>
public sealed class ModelCall(IChatClient model, ITokenCounter tokens, int maxOutputTokens = 256, int? contextWindow = null)
{
    public int? ContextWindow => contextWindow;

    public int MaxOutputTokens => maxOutputTokens;

    /// <summary>Whether a prompt of this many tokens (ours) leaves room for the output in the model's window.</summary>
    public bool Fits(int promptTokens) => contextWindow is not { } window || promptTokens + maxOutputTokens <= window;

    public int CountTokens(string text) => tokens.Count(text);

    public async Task<ModelReply> SendAsync(TaskKind kind, string prompt, CancellationToken cancellationToken)
    {
        var promptTokens = tokens.Count(prompt);
        if (!Fits(promptTokens))
        {
            throw new ContextTooLongException($"the prompt is {promptTokens:N0} tokens; with {maxOutputTokens} output tokens it exceeds the {contextWindow:N0}-token context window");
        }

        var options = new ChatOptions
        {
            Temperature = 0,
            MaxOutputTokens = maxOutputTokens,
            AdditionalProperties = new AdditionalPropertiesDictionary { [ExtractiveReaderChatClient.TaskKindProperty] = TaskKinds.Name(kind) },
        };
        var started = Stopwatch.GetTimestamp();
        double? ttftMs = null;
        var text = new StringBuilder();
        UsageDetails? usage = null;
        var cacheHit = false;
        try
        {
            await foreach (var update in model.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken))
            {
                if (ttftMs is null && !string.IsNullOrEmpty(update.Text))
                {
                    ttftMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                text.Append(update.Text);
                cacheHit |= update.AdditionalProperties?.ContainsKey(SqliteResponseCache.CacheHitProperty) == true;
                foreach (var content in update.Contents.OfType<UsageContent>())
                {
                    usage = content.Details;
                }
            }
        }
        catch (Exception ex) when (IsContextLengthError(ex))
        {
            throw new ContextTooLongException($"the server rejected the {promptTokens:N0}-token prompt as longer than its context ({ex.Message})", ex);
        }

        var modelMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var output = text.ToString();
        return new ModelReply(
            output,
            FinalAnswerParser.Parse(output),
            (int?)usage?.InputTokenCount ?? promptTokens,
            promptTokens,
            (int?)usage?.CachedInputTokenCount,
            (int?)usage?.OutputTokenCount ?? tokens.Count(output),
            modelMs,
            ttftMs,
            cacheHit);
    }

    /// <summary>HTTP 400 whose message says the context was too long (vLLM, OpenAI, llama.cpp and TGI phrase it alike).</summary>
    private static bool IsContextLengthError(Exception ex)
        => ex is System.ClientModel.ClientResultException { Status: 400 } && ex.Message.Contains("context", StringComparison.OrdinalIgnoreCase)
            && (ex.Message.Contains("length", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("exceed", StringComparison.OrdinalIgnoreCase));
}
