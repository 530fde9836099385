using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;

namespace LoftCompare.Runs.Execution;

/// <summary>Builds the encoder and the vector index a suite asks for (the retriever comes from the <see cref="Retrievers.RetrieverRegistry"/>).</summary>
public static class RetrievalFactory
{
    public static BertOnnxModel EmbeddingModel(Suite suite, string suitePath)
    {
        var settings = suite.Embedding;
        if (settings.OnnxPath is not null)
        {
            var pooling = settings.Pooling.Equals("cls", StringComparison.OrdinalIgnoreCase) ? Pooling.Cls : Pooling.Mean;
            return BertOnnxModel.FromFiles(settings.Model, SuiteLoader.Resolve(suitePath, settings.OnnxPath), SuiteLoader.Resolve(suitePath, settings.VocabPath!), settings.MaxTokens, pooling, settings.QueryPrefix);
        }

        return settings.Model switch
        {
            BertOnnxModel.MiniLmName => BertOnnxModel.MiniLm(),
            BertOnnxModel.ArcticXsName => BertOnnxModel.ArcticXs(),
            _ => throw new SuiteException($"Unknown embedding model '{settings.Model}' in 'embedding.model'; shipped: {BertOnnxModel.MiniLmName}, {BertOnnxModel.ArcticXsName}; or give 'onnxPath' and 'vocabPath'."),
        };
    }

    /// <summary>
    /// ONNX Runtime session options: intra-op threads = the machine's cores unless the suite says otherwise (ORT's own
    /// default used about one core here), the graph optimisation level, CPU by default; CUDA when asked, with a clear error
    /// where this build has no CUDA provider.
    /// </summary>
    public static SessionOptions SessionOptionsFor(EmbeddingSettings settings)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = settings.Threads ?? Environment.ProcessorCount,
            GraphOptimizationLevel = settings.GraphOptimization.ToLowerInvariant() switch
            {
                "disabled" => GraphOptimizationLevel.ORT_DISABLE_ALL,
                "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
        };
        if (settings.Device.Equals("cuda", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                options.AppendExecutionProvider_CUDA(0);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                options.Dispose();
                throw new SuiteException($"'embedding.device' is 'cuda' but this build of ONNX Runtime has no usable CUDA provider ({ex.Message}); see docs/retrieval.md for the GPU build.", ex);
            }
        }

        return options;
    }

    public static IVectorIndex VectorIndex(Suite suite, string dataDirectory)
    {
        if (!suite.Retrieval.Index.Equals("qdrant", StringComparison.OrdinalIgnoreCase))
        {
            return new EmbeddedVectorIndex(Path.Combine(dataDirectory, "index"));
        }

        var qdrant = suite.Retrieval.Qdrant ?? new QdrantIndexSettings();
        var url = qdrant.Url ?? Environment.GetEnvironmentVariable(QdrantSettings.UrlVariable)
            ?? throw new SuiteException($"'retrieval.index' is 'qdrant' but neither 'retrieval.qdrant.url' nor {QdrantSettings.UrlVariable} is set.");
        return new QdrantVectorIndex(QdrantSettings.Parse(url, Environment.GetEnvironmentVariable(qdrant.ApiKeyEnv)));
    }
}
