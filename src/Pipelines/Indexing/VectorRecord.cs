namespace LoftCompare.Pipelines.Indexing;

/// <summary>A vector and the document id it stands for.</summary>
public sealed record VectorRecord(string Id, ReadOnlyMemory<float> Vector);
