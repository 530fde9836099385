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

    public BertOnnxEmbeddingGenerator(BertOnnxModel model, int batchSize = 32, SessionOptions? sessionOptions = null)
    {
        this.model = model;
        this.batchSize = batchSize;
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
        for (var start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
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
