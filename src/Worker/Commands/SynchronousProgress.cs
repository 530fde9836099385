namespace LoftCompare.Worker.Commands;

/// <summary>Reports progress on the caller's thread (<see cref="Progress{T}"/> posts to the thread pool, which reorders updates).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
