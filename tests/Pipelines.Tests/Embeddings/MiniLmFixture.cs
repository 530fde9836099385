using LoftCompare.Pipelines.Embeddings;

namespace LoftCompare.Pipelines.Tests.Embeddings;

/// <summary>One MiniLM session shared by the tests of a class; loading it costs about a second.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public BertOnnxEmbeddingGenerator Generator { get; } = new(BertOnnxModel.MiniLm());

    public void Dispose() => Generator.Dispose();
}
