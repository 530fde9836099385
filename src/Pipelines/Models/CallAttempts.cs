namespace LoftCompare.Pipelines.Models;

/// <summary>
/// The retries made on behalf of one model call, wherever in the stack they happen (the HTTP retry handler, the
/// whole-stream retry in <see cref="Running.ModelCall"/>). It flows with the call's async context, like
/// <see cref="System.Diagnostics.Activity.Current"/>, so concurrent calls each count their own.
/// </summary>
public sealed class CallAttempts
{
    private static readonly AsyncLocal<CallAttempts?> Ambient = new();
    private int retries;
    private long backoffTicks;

    /// <summary>The counter of the model call in progress on this async flow, if any.</summary>
    public static CallAttempts? Current => Ambient.Value;

    /// <summary>Retries after the first attempt.</summary>
    public int Retries => Volatile.Read(ref retries);

    /// <summary>Time spent waiting between attempts.</summary>
    public TimeSpan Backoff => TimeSpan.FromTicks(Interlocked.Read(ref backoffTicks));

    /// <summary>Starts counting for the call about to be made on this async flow.</summary>
    public static CallAttempts Begin()
    {
        var attempts = new CallAttempts();
        Ambient.Value = attempts;
        return attempts;
    }

    public void AddRetry(TimeSpan delay)
    {
        Interlocked.Increment(ref retries);
        Interlocked.Add(ref backoffTicks, delay.Ticks);
    }
}
