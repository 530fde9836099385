using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Tokens;
using LoftCompare.Worker.Suites;
using Microsoft.Extensions.AI;

namespace LoftCompare.Worker.Runs;

/// <summary>The models, retriever, tokenizer and pipelines a suite asks for, built once per run and disposed with it.</summary>
public sealed class RunEnvironment : IDisposable
{
    private readonly BertOnnxEmbeddingGenerator encoder;
    private readonly BertOnnxEmbeddingGenerator readerEncoder;
    private readonly IVectorIndex index;

    private RunEnvironment(Suite suite, string suitePath, string dataDirectory)
    {
        var model = RetrievalFactory.EmbeddingModel(suite, suitePath);
        Tokens = new TiktokenCounter(suite.Tokenizer);
        encoder = new BertOnnxEmbeddingGenerator(model, suite.Embedding.BatchSize, RetrievalFactory.SessionOptionsFor(suite.Embedding));

        // Documents are embedded once per model across runs; the readers get a per-run cache only, so their measured
        // latency is the same on every run of a suite.
        var documentEmbeddings = new SqliteEmbeddingCache(encoder, Path.Combine(dataDirectory, "embeddings.db"), model.Name);
        // The extractive reader always reads with MiniLM, whatever the retriever embeds with, so changing the retriever
        // never changes the long-context side of the comparison.
        readerEncoder = model.Name == BertOnnxModel.MiniLmName && suite.Embedding.OnnxPath is null ? encoder : new BertOnnxEmbeddingGenerator(BertOnnxModel.MiniLm());
        var readerEmbeddings = new InMemoryEmbeddingCache(readerEncoder);
        index = RetrievalFactory.VectorIndex(suite, dataDirectory);
        var retriever = RetrievalFactory.Retriever(suite, documentEmbeddings, index, model.Name);
        var format = new LoftPromptFormat();
        var reader = ChatModel(suite.Models.Reader, "models.reader", readerEmbeddings);
        var longContext = ChatModel(suite.Models.LongContext, "models.longContext", readerEmbeddings);
        Pipelines =
        [
            new RagPipeline(retriever, suite.Retrieval.TopK, new ModelCall(reader, Tokens), suite.Models.Reader, format),
            new LongContextPipeline(new ModelCall(longContext, Tokens), suite.Models.LongContext, format),
        ];
        ModelLabels = new Dictionary<string, string>
        {
            [retriever.Name] = $"retriever: {Describe(suite, model)}, top-{suite.Retrieval.TopK}",
            [ExtractiveReaderChatClient.ModelId] = ExtractiveReaderChatClient.Label,
        };
    }

    public ITokenCounter Tokens { get; }

    public IReadOnlyList<IPipeline> Pipelines { get; }

    /// <summary>Model id → what it is, recorded with the run and shown in reports.</summary>
    public IReadOnlyDictionary<string, string> ModelLabels { get; }

    /// <param name="dataDirectory">Where persisted indexes and the embedding cache live.</param>
    public static RunEnvironment Create(Suite suite, string suitePath, string dataDirectory) => new(suite, suitePath, dataDirectory);

    public void Dispose()
    {
        encoder.Dispose();
        if (readerEncoder != encoder)
        {
            readerEncoder.Dispose();
        }

        (index as IDisposable)?.Dispose();
    }

    private static string Describe(Suite suite, BertOnnxModel model)
    {
        var dense = $"{model.Name} (ONNX Runtime, {suite.Embedding.Device.ToUpperInvariant()}) over the {suite.Retrieval.Index} {(suite.Retrieval.Index == "qdrant" ? "Qdrant" : "exact")} index";
        return suite.Retrieval.Method.ToLowerInvariant() switch
        {
            "bm25" => "BM25 (k1 = 1.2, b = 0.75)",
            "hybrid" => $"reciprocal-rank fusion (k = {suite.Retrieval.RrfK}) of dense {dense} and BM25",
            _ => $"dense {dense}",
        };
    }

    private static IChatClient ChatModel(string modelId, string field, IEmbeddingGenerator<string, Embedding<float>> embeddings)
        => modelId == ExtractiveReaderChatClient.ModelId
            ? new ExtractiveReaderChatClient(embeddings)
            : throw new SuiteException($"Unknown model '{modelId}' in '{field}'; this build offers '{ExtractiveReaderChatClient.ModelId}' ({ExtractiveReaderChatClient.Label}).");
}
