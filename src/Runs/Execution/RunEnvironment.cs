using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Tokens;
using LoftCompare.Runs.Backends;
using LoftCompare.Runs.Retrievers;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace LoftCompare.Runs.Execution;

/// <summary>The models, retriever, tokenizer and pipelines a suite asks for, built once per run and disposed with it.</summary>
public sealed class RunEnvironment : IDisposable
{
    private readonly BertOnnxEmbeddingGenerator encoder;
    private readonly BertOnnxEmbeddingGenerator readerEncoder;
    private readonly IVectorIndex index;
    private readonly List<IDisposable> owned = [];
    private readonly Dictionary<string, IReadOnlyList<IPipeline>> pipelinesByFormat = new(StringComparer.OrdinalIgnoreCase);
    private readonly Suite suite;
    private readonly IRetriever retriever;
    private readonly Dictionary<string, ModelCall> calls = new(StringComparer.Ordinal);
    private readonly ContextOverflow overflow;

    private readonly ILoggerFactory loggers;

    private readonly PromptFormatRegistry formats;
    private readonly TaskKindProfiles kinds;

    /// <summary>The task kinds this run knows, with their profiles.</summary>
    public TaskKindProfiles Kinds => kinds;

    private readonly string suitePath;

    private readonly EncoderSessions? ownSessions;

    private RunEnvironment(Suite suite, string suitePath, string dataDirectory, ILoggerFactory? loggers, LoftCompareCatalog registries, EncoderSessions? sessions)
    {
        // A run without the process's shared sessions opens its own and closes them with the run.
        sessions ??= ownSessions = new EncoderSessions();
        this.suitePath = suitePath;
        formats = registries.PromptFormats;
        kinds = registries.Kinds;
        this.loggers = loggers ?? NullLoggerFactory.Instance;
        var model = RetrievalFactory.EmbeddingModel(suite, suitePath);
        Tokens = TokenizerFor(suite, suitePath);
        var settings = suite.Embedding;
        var modelKey = $"{model.Name}|{(settings.OnnxPath is null ? string.Empty : SuiteLoader.Resolve(suitePath, settings.OnnxPath))}|{settings.Pooling}|{settings.QueryPrefix}";
        encoder = sessions.Get(
            $"{modelKey}|{settings.Device}|{settings.Threads}|{settings.GraphOptimization}|{settings.BatchSize}|{settings.BatchTokens}",
            () => new BertOnnxEmbeddingGenerator(model, settings.BatchSize, RetrievalFactory.SessionOptionsFor(settings), settings.BatchTokens));

        // Texts are embedded once per model across runs, the retriever's documents and the extractive reader's sentences
        // alike: cost is priced from the work (docs/costs.md), so a warm cache changes measured latency (which rows
        // report with encodings_cached), never the $.
        var documentEmbeddings = new SqliteEmbeddingCache(encoder, Path.Combine(dataDirectory, "embeddings.db"), model.Name, this.loggers.CreateLogger<SqliteEmbeddingCache>());
        // The extractive reader always reads with MiniLM, whatever the retriever embeds with, so changing the retriever
        // never changes the long-context side of the comparison.
        readerEncoder = model.Name == BertOnnxModel.MiniLmName && settings.OnnxPath is null
            ? encoder
            : sessions.Get(
                $"{BertOnnxModel.MiniLmName}||mean||cpu|{settings.Threads}|{settings.GraphOptimization}|32|",
                () => new BertOnnxEmbeddingGenerator(BertOnnxModel.MiniLm(), sessionOptions: RetrievalFactory.SessionOptionsFor(settings with { Device = "cpu" })));
        var readerDurable = ReferenceEquals(readerEncoder, encoder)
            ? documentEmbeddings
            : new SqliteEmbeddingCache(readerEncoder, Path.Combine(dataDirectory, "embeddings.db"), BertOnnxModel.MiniLmName, this.loggers.CreateLogger<SqliteEmbeddingCache>());
        var readerEmbeddings = new InMemoryEmbeddingCache(readerDurable);
        index = registries.VectorStores.TryGetValue(suite.Retrieval.Index, out var vectorStore)
            ? new LoftCompare.Pipelines.Indexing.VectorData.VectorStoreIndex(vectorStore)
            : RetrievalFactory.VectorIndex(suite, dataDirectory);
        IRetriever retriever;
        try
        {
            retriever = registries.Retrievers.Create(suite.Retrieval.Method, new RetrieverContext(suite, documentEmbeddings, index, model.Name));
        }
        catch (ArgumentException ex)
        {
            throw new SuiteException($"Suite file '{suitePath}': field 'retrieval.method': {ex.Message}", ex);
        }

        overflow = suite.LongContextOverflow.Equals("skip", StringComparison.OrdinalIgnoreCase) ? ContextOverflow.Skip : ContextOverflow.Truncate;
        this.suite = suite;
        this.retriever = retriever;
        // One call per model id: a model named as reader and as long-context model (or twice) is opened once.
        var labels = new Dictionary<string, string> { [retriever.Name] = $"retriever: {Describe(suite, model)}, top-{suite.Retrieval.TopK}" };
        var context = new ModelBackendContext(suite, suitePath, dataDirectory, Tokens, readerEmbeddings, this.loggers, kinds);
        foreach (var (id, field) in suite.Models.Readers.Select(id => (id, "models.reader")).Concat(suite.Models.LongContexts.Select(id => (id, "models.longContext"))))
        {
            if (!calls.ContainsKey(id))
            {
                var opened = registries.ModelBackends.Open(id, field, context);
                calls[id] = opened.Call;
                labels[id] = opened.Label;
                if (opened.Owned is { } disposable)
                {
                    owned.Add(disposable);
                }
            }
        }

        Pipelines = PipelinesFor(suite.PromptFormat);

        foreach (var reader in suite.Pipelines.Contains(SelfRoutePipeline.PipelineName, StringComparer.OrdinalIgnoreCase) ? suite.Models.Readers : [])
        {
            labels[$"{reader}→{suite.Models.LongContext}"] = $"Self-Route: {reader} on the top-{suite.Retrieval.TopK}, allowed to answer 'unanswerable'; declined queries go to {suite.Models.LongContext} with the whole corpus";
        }

        ModelLabels = labels;
    }

    public ITokenCounter Tokens { get; }

    /// <summary>The suite's pipelines with its default prompt format.</summary>
    public IReadOnlyList<IPipeline> Pipelines { get; }

    /// <summary>The suite's pipelines prompting in <paramref name="formatName"/> (one set per format, made once).</summary>
    public IReadOnlyList<IPipeline> PipelinesFor(string formatName)
    {
        lock (pipelinesByFormat)
        {
            if (!pipelinesByFormat.TryGetValue(formatName, out var pipelines))
            {
                var format = SuiteTemplates.Create(suite, suitePath, formatName, name => formats.Create(name, kinds), kinds) ?? formats.Create(formatName, kinds);
                var longContexts = suite.Models.LongContexts.Select(id => new LongContextPipeline(calls[id], id, format, overflow)).ToList();
                pipelines = suite.Pipelines.SelectMany(name => name.ToLowerInvariant() switch
                {
                    RagPipeline.PipelineName => suite.Models.Readers.Select(id => (IPipeline)new RagPipeline(retriever, suite.Retrieval.TopK, calls[id], id, format, kinds)),
                    LongContextPipeline.PipelineName => longContexts,
                    _ => suite.Models.Readers.Select(id => (IPipeline)new SelfRoutePipeline(retriever, suite.Retrieval.TopK, calls[id], id, longContexts[0], suite.Models.LongContext, format, kinds)),
                }).ToList();
                pipelinesByFormat[formatName] = pipelines;
            }

            return pipelines;
        }
    }

    /// <summary>Model id → what it is, recorded with the run and shown in reports.</summary>
    public IReadOnlyDictionary<string, string> ModelLabels { get; }

    /// <param name="dataDirectory">Where persisted indexes and the embedding cache live.</param>
    /// <param name="loggers">Where repaired caches are reported (one warning line each); silent when null.</param>
    /// <param name="catalog">Model backends, retrievers, prompt formats and kinds to build from (the composition's catalog).</param>
    /// <param name="sessions">The process's shared encoder sessions (see <see cref="EncoderSessions"/>); the run opens its own when null.</param>
    public static RunEnvironment Create(Suite suite, string suitePath, string dataDirectory, LoftCompareCatalog catalog, ILoggerFactory? loggers = null, EncoderSessions? sessions = null)
        => new(suite, suitePath, dataDirectory, loggers, catalog, sessions);

    public void Dispose()
    {
        ownSessions?.Dispose(); // shared sessions belong to the process

        (index as IDisposable)?.Dispose();
        owned.ForEach(o => o.Dispose());
    }

    private static TiktokenCounter TokenizerFor(Suite suite, string suitePath)
    {
        try
        {
            return new TiktokenCounter(suite.Tokenizer);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new SuiteException($"Suite file '{suitePath}': field 'tokenizer' is '{suite.Tokenizer}', which is not a tiktoken encoding; use one of {string.Join(", ", TiktokenCounter.KnownEncodings)}.");
        }
    }

    private static string Describe(Suite suite, BertOnnxModel model)
    {
        var store = suite.Retrieval.Index.ToLowerInvariant() switch { "qdrant" => "Qdrant index", "embedded" => "embedded exact index", var name => $"'{name}' VectorData store" };
        var dense = $"{model.Name} (ONNX Runtime, {suite.Embedding.Device.ToUpperInvariant()}) over the {store}";
        return suite.Retrieval.Method.ToLowerInvariant() switch
        {
            "bm25" => "BM25 (k1 = 1.2, b = 0.75)",
            "hybrid" => $"reciprocal-rank fusion (k = {suite.Retrieval.RrfK}) of dense {dense} and BM25",
            _ => $"dense {dense}",
        };
    }
}
