namespace LoftCompare.Pipelines.Indexing;

/// <summary>A search result: the document id and its cosine similarity to the query.</summary>
public readonly record struct VectorHit(string Id, float Score);
