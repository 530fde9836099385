using System.Collections.Concurrent;

namespace LoftCompare.Runs.Execution;

/// <summary>One semaphore per model endpoint, shared by every pipeline that calls it, so an endpoint never sees more parallel requests than its limit.</summary>
public sealed class EndpointGates(IReadOnlyDictionary<string, int> limits)
{
    private readonly ConcurrentDictionary<string, Gate> gates = new(StringComparer.Ordinal);

    public Gate For(string endpoint)
        => gates.GetOrAdd(endpoint, e => new Gate(Math.Max(1, limits.GetValueOrDefault(e, 1))));

    public sealed class Gate(int limit)
    {
        public int Limit { get; } = limit;

        public SemaphoreSlim Semaphore { get; } = new(limit, limit);
    }
}
