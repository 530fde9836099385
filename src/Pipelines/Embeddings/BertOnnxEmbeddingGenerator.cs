using System.Numerics.Tensors;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace LoftCompare.Pipelines.Embeddings;

/// <summary>
/// Sentence embeddings from a BERT-style ONNX encoder: WordPiece tokenisation, batched inference,
/// attention-masked mean pooling and L2 normalisation (the sentence-transformers recipe for MiniLM).
/// </summary>
public sealed class BertOnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>, ITokenWindow
{
    private readonly BertOnnxModel model;
    private readonly InferenceSession session;
    private readonly BertTokenizer tokenizer;
    private readonly bool needsTokenTypeIds;
    private readonly int batchSize;
    private readonly int? batchTokens;

    /// <param name="batchSize">The most texts in one inference batch.</param>
    /// <param name="batchTokens">When set, a batch also stops before its padded size (texts × longest) would exceed this many tokens, so short texts share large batches and long ones small.</param>
    public BertOnnxEmbeddingGenerator(BertOnnxModel model, int batchSize = 32, SessionOptions? sessionOptions = null, int? batchTokens = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.model = model;
        this.batchSize = batchSize;
        this.batchTokens = batchTokens is null or > 0 ? batchTokens : throw new ArgumentOutOfRangeException(nameof(batchTokens), "a batch holds at least one token");
        session = sessionOptions is null ? new InferenceSession(model.OnnxModel) : new InferenceSession(model.OnnxModel, sessionOptions);
        using var vocabulary = new MemoryStream(Encoding.UTF8.GetBytes(model.Vocabulary));
        tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = model.LowerCase });
        needsTokenTypeIds = session.InputMetadata.ContainsKey("token_type_ids");
        Dimensions = session.OutputMetadata.First().Value.Dimensions[^1];
        Metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, model.Name, Dimensions);
    }

    public int Dimensions { get; }

    /// <summary>The longest input in model tokens, [CLS] and [SEP] included; longer inputs are truncated.</summary>
    public int MaxTokens => model.MaxTokens;

    /// <summary>Model tokens of <paramref name="text"/> without truncation, [CLS] and [SEP] included.</summary>
    public int CountTokens(string text) => tokenizer.EncodeToIds(text, int.MaxValue, addSpecialTokens: true, out _, out _).Count;

    public EmbeddingGeneratorMetadata Metadata { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var prefix = EmbeddingInputType.IsQuery(options) ? model.QueryPrefix : string.Empty;
        var tokenized = texts.Select(t => Tokenize(prefix + t)).ToArray();
        var vectors = new float[texts.Count][];

        // Length-sorted batches waste little on padding.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokenized[i].Count).ToArray();
        var inputTokens = 0;
        for (var start = 0; start < order.Length;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, BatchLength(order, tokenized, start)).ToArray();
            start += batch.Length;
            var pooled = EncodeBatch(batch.Select(i => tokenized[i]).ToArray());
            for (var b = 0; b < batch.Length; b++)
            {
                vectors[batch[b]] = pooled[b];
                inputTokens += tokenized[batch[b]].Count;
            }
        }

        var created = DateTimeOffset.UtcNow;
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = model.Name, CreatedAt = created }))
        {
            Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = inputTokens },
        };
        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : null;

    public void Dispose() => session.Dispose();

    /// <summary>Texts in the batch from <paramref name="start"/>: up to the count limit and, with a token budget, while the padded size fits (at least one).</summary>
    private int BatchLength(int[] order, IReadOnlyList<int>[] tokenized, int start)
    {
        var length = 1;
        while (start + length < order.Length && length < batchSize
            && (batchTokens is not { } budget || (length + 1L) * tokenized[order[start + length]].Count <= budget))
        {
            length++; // sorted by length, so the newest text is the batch's longest
        }

        return length;
    }

    private IReadOnlyList<int> Tokenize(string text)
        => tokenizer.EncodeToIds(text, model.MaxTokens, addSpecialTokens: true, out _, out _);

    private float[][] EncodeBatch(IReadOnlyList<int>[] batch)
    {
        var sequenceLength = batch.Max(t => t.Count);
        var ids = new long[batch.Length * sequenceLength];
        var mask = new long[ids.Length];
        for (var b = 0; b < batch.Length; b++)
        {
            for (var t = 0; t < batch[b].Count; t++)
            {
                ids[(b * sequenceLength) + t] = batch[b][t];
                mask[(b * sequenceLength) + t] = 1;
            }
        }

        long[] shape = [batch.Length, sequenceLength];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = idsValue, ["attention_mask"] = maskValue };
        if (needsTokenTypeIds)
        {
            inputs["token_type_ids"] = typesValue;
        }

        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs, [session.OutputNames[0]]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var dimensions = Dimensions;
        var pooled = new float[batch.Length][];
        for (var b = 0; b < batch.Length; b++)
        {
            var vector = new float[dimensions];
            var count = batch[b].Count;
            if (model.Pooling == Pooling.Cls)
            {
                hidden.Slice(b * sequenceLength * dimensions, dimensions).CopyTo(vector);
            }
            else
            {
                for (var t = 0; t < count; t++)
                {
                    TensorPrimitives.Add(vector, hidden.Slice(((b * sequenceLength) + t) * dimensions, dimensions), vector);
                }

                TensorPrimitives.Divide(vector, count, vector);
            }

            var norm = TensorPrimitives.Norm(vector);
            TensorPrimitives.Divide(vector, Math.Max(norm, 1e-12f), vector);
            pooled[b] = vector;
        }

        return pooled;
    }
}
