namespace LoftCompare.Pipelines.Models;

/// <summary>
/// How long one streamed model call may take: the wait for the server's first event (headers and prefill included:
/// a 1M-token prefill takes minutes), the longest silence between two events after that, and the whole attempt.
/// </summary>
/// <remarks>An "event" is a parsed update: SSE comments and keep-alive bytes do not count, so a server that drips
/// keep-alives while producing nothing still runs into <see cref="Idle"/>.</remarks>
public sealed record StreamLimits(TimeSpan FirstEvent, TimeSpan Idle, TimeSpan Total)
{
    /// <summary>Five minutes to the first event, one minute between events, twenty minutes per attempt.</summary>
    public static StreamLimits Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(20));
}
