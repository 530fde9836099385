using Microsoft.Extensions.VectorData;

namespace LoftCompare.Runs;

/// <summary>
/// A Microsoft.Extensions.VectorData store a plug-in offers as a RAG index, by the name suites use in
/// <c>retrieval.index</c>: <c>services.AddSingleton(new NamedVectorStore("team-store", myVectorStore))</c>.
/// </summary>
public sealed record NamedVectorStore(string Name, VectorStore Store);
