namespace LoftCompare.Pipelines.Indexing;

/// <summary>The vector index server could not be reached or refused the request; the message names the server.</summary>
public sealed class VectorIndexUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
