using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Retrieval;

/// <summary>A retrieved document and its retrieval score.</summary>
public sealed record RetrievedDocument(Document Document, float Score);
