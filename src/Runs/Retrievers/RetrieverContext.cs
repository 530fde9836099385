using LoftCompare.Pipelines.Indexing;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.AI;

namespace LoftCompare.Runs.Retrievers;

/// <summary>What a retriever may be built from: the suite, the document encoder (with its durable cache), the vector index and the encoder's name.</summary>
public sealed record RetrieverContext(Suite Suite, IEmbeddingGenerator<string, Embedding<float>> Embeddings, IVectorIndex Index, string EmbeddingModel);
