using System.Collections.Concurrent;
using LoftCompare.Pipelines.Embeddings;

namespace LoftCompare.Runs.Execution;

/// <summary>
/// One ONNX Runtime encoder session per (model, session settings) for the whole process, shared by every run it
/// starts: runs side by side (the worker's suite concurrency) then share one intra-op thread pool per model instead of
/// each opening sessions that together ask for more threads than the machine has. Registered once by
/// <c>AddLoftCompare</c>; a run without one opens its own and closes it with the run.
/// </summary>
public sealed class EncoderSessions : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<BertOnnxEmbeddingGenerator>> encoders = new(StringComparer.Ordinal);

    /// <summary>Sessions open now.</summary>
    public int Count => encoders.Count;

    /// <summary>The session for <paramref name="key"/>, opened by <paramref name="open"/> the first time it is asked for.</summary>
    public BertOnnxEmbeddingGenerator Get(string key, Func<BertOnnxEmbeddingGenerator> open)
        => encoders.GetOrAdd(key, _ => new Lazy<BertOnnxEmbeddingGenerator>(open, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    public void Dispose()
    {
        foreach (var encoder in encoders.Values.Where(e => e.IsValueCreated))
        {
            encoder.Value.Dispose();
        }

        encoders.Clear();
    }
}
