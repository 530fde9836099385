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
/// <remarks>
/// A stream that ends without a finish reason is cut text, never an answer: with <paramref name="requireFinishReason"/>
/// (remote endpoints) it is an <see cref="IncompleteStreamException"/>, retried like a dropped connection up to
/// <paramref name="streamRetries"/> times with exponential backoff from <paramref name="retryDelay"/>.
/// </remarks>
/// <remarks>
/// A reply longer than <paramref name="maxReplyCharacters"/> (default <see cref="DefaultReplyCharacters"/>: a server that
/// ignores <c>max_tokens</c>) is cut there, its stream dropped, and the cut said in the reply's note, as are a remote
/// server's missing usage (then our tokenizer counted) and an output count far below ours.
/// </remarks>
public sealed class ModelCall(IChatClient model, ITokenCounter tokens, int maxOutputTokens = 256, int? contextWindow = null, bool requireFinishReason = false, int streamRetries = 0, TimeSpan? retryDelay = null, int? maxReplyCharacters = null)
{
    /// <summary>A generous bound for a reply of <paramref name="maxOutputTokens"/> tokens: 32 characters a token, and at least 64k.</summary>
    public static int DefaultReplyCharacters(int maxOutputTokens) => (int)Math.Min(int.MaxValue / 2, Math.Max(65_536L, 32L * maxOutputTokens));

    private readonly int replyLimit = maxReplyCharacters ?? DefaultReplyCharacters(maxOutputTokens);

    public int? ContextWindow => contextWindow;

    public int MaxOutputTokens => maxOutputTokens;

    /// <summary>Whether a prompt of this many tokens (ours) leaves room for the output in the model's window.</summary>
    public bool Fits(int promptTokens) => contextWindow is not { } window || promptTokens + maxOutputTokens <= window;

    public int CountTokens(string text) => tokens.Count(text);

    public Task<ModelReply> SendAsync(TaskKind kind, string prompt, CancellationToken cancellationToken)
        => SendAsync(kind, prompt, null, cancellationToken);

    /// <param name="promptTokens">The prompt's token count when the caller already has it (it is then not counted again).</param>
    public async Task<ModelReply> SendAsync(TaskKind kind, string prompt, int? promptTokens, CancellationToken cancellationToken)
    {
        var promptTokenCount = promptTokens ?? tokens.Count(prompt);
        if (!Fits(promptTokenCount))
        {
            throw new ContextTooLongException($"the prompt is {promptTokenCount:N0} tokens; with {maxOutputTokens} output tokens it exceeds the {contextWindow:N0}-token context window");
        }

        var attempts = CallAttempts.Begin();
        var started = Stopwatch.GetTimestamp();
        for (var streamAttempt = 0; ; streamAttempt++)
        {
            try
            {
                var reply = await SendOnceAsync(kind, prompt, promptTokenCount, cancellationToken);
                return reply with
                {
                    Attempts = 1 + attempts.Retries,
                    BackoffMs = attempts.Backoff.TotalMilliseconds,
                    WallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                };
            }
            catch (Exception ex) when (IsStreamFault(ex) && streamAttempt < streamRetries && !cancellationToken.IsCancellationRequested)
            {
                var delay = (retryDelay ?? TimeSpan.FromSeconds(1)) * Math.Pow(2, streamAttempt);
                attempts.AddRetry(delay);
                await Task.Delay(delay, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not ContextTooLongException and not TaskKindNotSupportedException)
            {
                throw new ModelCallException(ex, 1 + attempts.Retries, attempts.Backoff.TotalMilliseconds);
            }
        }
    }

    /// <summary>A fault in the response stream itself (cut, reset, stalled past its limit), after the HTTP layer handed it over: worth sending again.</summary>
    private static bool IsStreamFault(Exception ex) => ex is IncompleteStreamException or ModelTimeoutException or HttpIOException || (ex is IOException && ex.InnerException is System.Net.Sockets.SocketException);

    private async Task<ModelReply> SendOnceAsync(TaskKind kind, string prompt, int promptTokens, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            Temperature = 0,
            MaxOutputTokens = maxOutputTokens,
            AdditionalProperties = new AdditionalPropertiesDictionary { [ChatProperties.TaskKind] = kind.Name },
        };
        var started = Stopwatch.GetTimestamp();
        double? ttftMs = null;
        var text = new StringBuilder();
        UsageDetails? usage = null;
        var cacheHit = false;
        var finished = false;
        var cut = false;
        double? confidence = null;
        double? encodingsCached = null;
        try
        {
            await foreach (var update in model.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken))
            {
                if (ttftMs is null && !string.IsNullOrEmpty(update.Text))
                {
                    ttftMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                text.Append(update.Text);
                if (text.Length > replyLimit)
                {
                    // Leaving the loop drops the stream (and its connection): nothing past the limit is read or kept.
                    text.Length = replyLimit;
                    cut = true;
                    break;
                }

                cacheHit |= ChatProperties.IsCacheHit(update);
                confidence = ChatProperties.NumberOf(update, ChatProperties.Confidence) ?? confidence;
                encodingsCached = ChatProperties.NumberOf(update, ChatProperties.EncodingsCached) ?? encodingsCached;

                finished |= update.FinishReason is not null;
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

        if (requireFinishReason && !finished && !cut)
        {
            throw new IncompleteStreamException(text.Length);
        }

        var modelMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var output = text.ToString();
        // Ours is counted where the server's count is missing, or may be checked (a remote server's reply).
        var counted = usage?.OutputTokenCount is null || cut || requireFinishReason ? tokens.Count(output) : 0;
        var notes = new List<string>();
        if (cut)
        {
            notes.Add($"reply cut at {replyLimit:N0} characters: the server sent more than {maxOutputTokens:N0} output tokens allow (it ignored max_tokens)");
        }

        if (requireFinishReason && !cacheHit && usage is null)
        {
            notes.Add("the server reported no usage: tokens counted by our tokenizer");
        }
        else if (usage?.OutputTokenCount is { } reported && (cut || requireFinishReason) && counted > (2 * reported) + 16)
        {
            // Priced as the server reported (tokenizers differ), but a count this far below ours is said, not trusted silently.
            notes.Add($"the server reported {reported:N0} output tokens; our tokenizer counts {counted:N0}{(cut ? " in the cut reply" : string.Empty)}");
        }

        return new ModelReply(
            output,
            FinalAnswerParser.Parse(output),
            (int?)usage?.InputTokenCount ?? promptTokens,
            promptTokens,
            (int?)usage?.CachedInputTokenCount,
            (int?)usage?.OutputTokenCount ?? counted,
            modelMs,
            ttftMs,
            cacheHit) { Confidence = confidence, EncodingsCached = encodingsCached, Note = notes.Count == 0 ? null : string.Join("; ", notes) };
    }

    /// <summary>HTTP 400 whose message says the context was too long (vLLM, OpenAI, llama.cpp and TGI phrase it alike).</summary>
    private static bool IsContextLengthError(Exception ex)
        => ex is System.ClientModel.ClientResultException { Status: 400 } && ex.Message.Contains("context", StringComparison.OrdinalIgnoreCase)
            && (ex.Message.Contains("length", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("exceed", StringComparison.OrdinalIgnoreCase));
}
