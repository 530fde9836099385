using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Tokens;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LoftCompare.Runs.Backends;

/// <summary>What a backend may use to open a model for a run.</summary>
/// <param name="ReaderEmbeddings">The encoder the embedded extractive reader reads with (cached per run).</param>
/// <param name="Kinds">The task kinds the run knows, with their profiles (what the embedded reader can do with each).</param>
public sealed record ModelBackendContext(Suite Suite, string SuitePath, string DataDirectory, ITokenCounter Tokens, IEmbeddingGenerator<string, Embedding<float>> ReaderEmbeddings, ILoggerFactory Loggers, TaskKindProfiles Kinds);
