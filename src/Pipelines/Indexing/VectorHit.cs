namespace LoftCompare.Pipelines.Indexing;

/// <summary>A search result: the record id, the document it belongs to, and its cosine similarity to the query.</summary>
public readonly record struct VectorHit(string Id, string DocumentId, float Score);
