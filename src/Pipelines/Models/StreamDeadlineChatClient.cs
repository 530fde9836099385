using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Models;

/// <summary>
/// Holds every call of the inner client to its <see cref="StreamLimits"/>: a stream whose server stalls (after the
/// headers, mid-answer, or dripping keep-alives) ends in a <see cref="ModelTimeoutException"/> naming the limit, instead
/// of waiting for ever. The HTTP request is cancelled, so its connection is closed, not left reading.
/// </summary>
public sealed class StreamDeadlineChatClient(IChatClient inner, StreamLimits limits) : DelegatingChatClient(inner)
{
    /// <summary>How long an abandoned step may take to notice its cancellation before the stream is left to the collector.</summary>
    private static readonly TimeSpan AbandonedStepGrace = TimeSpan.FromSeconds(5);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.Total);
        try
        {
            return await base.GetResponseAsync(messages, options, deadline.Token).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelTimeoutException($"timeout: no complete answer within {Seconds(limits.Total)} (the call's total limit)");
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        total.CancelAfter(limits.Total);
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(total.Token);
        var updates = base.GetStreamingResponseAsync(messages, options, silence.Token).GetAsyncEnumerator(silence.Token);
        Task<bool> step = Task.FromResult(false);
        try
        {
            for (var events = 0; ; events++)
            {
                var wait = events == 0 ? limits.FirstEvent : limits.Idle;
                silence.CancelAfter(wait);
                step = updates.MoveNextAsync().AsTask();
                if (!await WithinLimitAsync(step, silence.Token, () => Expired(events, wait, total.IsCancellationRequested), cancellationToken))
                {
                    yield break;
                }

                silence.CancelAfter(Timeout.InfiniteTimeSpan); // the consumer's time is not the server's silence
                yield return updates.Current;
            }
        }
        finally
        {
            // Cancelling first makes the inner stream give up its read (and its connection) before it is disposed.
            // A step abandoned at its limit is let finish (it fails at once on the cancelled token) before disposal.
            await silence.CancelAsync();
            await Task.WhenAny(step, Task.Delay(AbandonedStepGrace, CancellationToken.None));
            if (step.IsCompleted)
            {
                try
                {
                    await updates.DisposeAsync();
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
                {
                    // the cancelled read, surfacing on disposal: nothing is left to free
                }
            }
        }
    }

    /// <summary>Awaits one step of the inner stream; a step cut by our own timer (not the caller's token) becomes the timeout it is.</summary>
    private static async Task<bool> WithinLimitAsync(Task<bool> step, CancellationToken timer, Func<ModelTimeoutException> expired, CancellationToken caller)
    {
        try
        {
            // WaitAsync: a reader that does not observe the token still cannot hold the call past its limit.
            return await step.WaitAsync(timer);
        }
        catch (Exception) when (timer.IsCancellationRequested && !caller.IsCancellationRequested)
        {
            throw expired();
        }
    }

    private ModelTimeoutException Expired(int events, TimeSpan wait, bool totalExpired) => totalExpired
        ? new ModelTimeoutException($"timeout: the answer was still streaming after {Seconds(limits.Total)} (the call's total limit, callTimeoutSeconds)")
        : events == 0
            ? new ModelTimeoutException($"timeout: no stream event within {Seconds(wait)} of sending (timeoutSeconds)")
            : new ModelTimeoutException($"timeout: the stream stalled for {Seconds(wait)} after {events} event{(events == 1 ? string.Empty : "s")} (streamIdleSeconds)");

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.###} s";
}
