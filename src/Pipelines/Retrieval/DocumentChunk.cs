namespace LoftCompare.Pipelines.Retrieval;

/// <summary>A piece of a document small enough for the encoder; <see cref="Id"/> is <c>{documentId}#{index}</c>.</summary>
public sealed record DocumentChunk(string DocumentId, int Index, string Text)
{
    public string Id => $"{DocumentId}#{Index}";
}
