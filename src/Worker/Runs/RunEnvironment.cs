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

    private RunEnvironment(Suite suite)
    {
        if (!string.Equals(suite.Embedding.Model, BertOnnxModel.MiniLmName, StringComparison.OrdinalIgnoreCase))
        {
            throw new SuiteException($"Unknown embedding model '{suite.Embedding.Model}' in 'embedding.model'; this build ships '{BertOnnxModel.MiniLmName}'.");
        }

        Tokens = new TiktokenCounter(suite.Tokenizer);
        encoder = new BertOnnxEmbeddingGenerator(BertOnnxModel.MiniLm());
        var embeddings = new InMemoryEmbeddingCache(encoder);
        var retriever = new DenseRetriever(embeddings, new EmbeddedVectorIndex(), BertOnnxModel.MiniLmName);
        var format = new LoftPromptFormat();
        var reader = ChatModel(suite.Models.Reader, "models.reader", embeddings);
        var longContext = ChatModel(suite.Models.LongContext, "models.longContext", embeddings);
        Pipelines =
        [
            new RagPipeline(retriever, suite.Retrieval.TopK, new ModelCall(reader, Tokens), suite.Models.Reader, format),
            new LongContextPipeline(new ModelCall(longContext, Tokens), suite.Models.LongContext, format),
        ];
        ModelLabels = new Dictionary<string, string>
        {
            [retriever.Name] = $"dense retriever: {BertOnnxModel.MiniLmName} (ONNX Runtime, CPU) over the embedded exact index, top-{suite.Retrieval.TopK}",
            [ExtractiveReaderChatClient.ModelId] = ExtractiveReaderChatClient.Label,
        };
    }

    public ITokenCounter Tokens { get; }

    public IReadOnlyList<IPipeline> Pipelines { get; }

    /// <summary>Model id → what it is, recorded with the run and shown in reports.</summary>
    public IReadOnlyDictionary<string, string> ModelLabels { get; }

    public static RunEnvironment Create(Suite suite) => new(suite);

    public void Dispose() => encoder.Dispose();

    private static IChatClient ChatModel(string modelId, string field, IEmbeddingGenerator<string, Embedding<float>> embeddings)
        => modelId == ExtractiveReaderChatClient.ModelId
            ? new ExtractiveReaderChatClient(embeddings)
            : throw new SuiteException($"Unknown model '{modelId}' in '{field}'; this build offers '{ExtractiveReaderChatClient.ModelId}' ({ExtractiveReaderChatClient.Label}).");
}
