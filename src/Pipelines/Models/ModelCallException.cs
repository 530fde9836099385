namespace LoftCompare.Pipelines.Models;

/// <summary>A model call that failed for good, after its retries; carries how many attempts were made and the time spent backing off.</summary>
public sealed class ModelCallException(Exception inner, int attempts, double backoffMs)
    : Exception($"{inner.GetType().Name}: {inner.Message} (after {attempts} attempt{(attempts == 1 ? string.Empty : "s")})", inner)
{
    public int Attempts { get; } = attempts;

    public double BackoffMs { get; } = backoffMs;
}
