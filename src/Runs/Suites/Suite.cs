using LoftCompare.Results;
using System.Text.Json;
using System.Text.Json.Serialization;
using LoftCompare.Eval.Costs;
using LoftCompare.Eval.Statistics;
using LoftCompare.Pipelines.Models;

namespace LoftCompare.Runs.Suites;

/// <summary>A suite file (<c>suites/*.json</c>): which tasks to run through both pipelines, with which models.</summary>
public sealed record Suite
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public EmbeddingSettings Embedding { get; init; } = new();

    public RetrievalSettings Retrieval { get; init; } = new();

    public ModelSettings Models { get; init; } = new();

    /// <summary>Tokenizer for token counts (a tiktoken encoding name).</summary>
    public string Tokenizer { get; init; } = "o200k_base";

    public required IReadOnlyList<SuiteTask> Tasks { get; init; }

    /// <summary>Model id → price; the key <c>retrieval</c> prices the retriever's hardware time. Unpriced models show "n/a" cost.</summary>
    public Dictionary<string, ModelPrice>? Prices { get; init; }

    /// <summary>OpenAI-compatible endpoints by model id; <c>models.reader</c> / <c>models.longContext</c> may name any of them.</summary>
    public Dictionary<string, EndpointSettings>? Endpoints { get; init; }

    /// <summary>In-process ONNX Runtime GenAI models by model id (folders relative to the suite file); <c>models.*</c> may name them.</summary>
    public Dictionary<string, LocalModelSettings>? LocalModels { get; init; }

    /// <summary>Pipelines to run: <c>rag</c>, <c>long-context</c>, <c>self-route</c> (RAG that may decline, falling back to long context).</summary>
    public IReadOnlyList<string> Pipelines { get; init; } = ["rag", "long-context"];

    /// <summary>Replay answers of endpoints from the durable response cache in the data directory (cache hits are recorded as such).</summary>
    public bool ResponseCache { get; init; }

    /// <summary>When the whole corpus does not fit the long-context model: <c>truncate</c> (default) or <c>skip</c>.</summary>
    public string LongContextOverflow { get; init; } = "truncate";

    /// <summary>When the worker runs this suite by itself; null for on-demand suites.</summary>
    public ScheduleSettings? Schedule { get; init; }

    /// <summary>What to do when a run regresses against the suite's previous run (docs/worker.md): a webhook, a failing exit.</summary>
    public AlertSettings? Alerts { get; init; }

    /// <summary>Parallel examples allowed per model endpoint (model id); 1 for any not listed.</summary>
    public Dictionary<string, int>? Concurrency { get; init; }

    /// <summary>Seed of the bootstrap behind every interval.</summary>
    public int Seed { get; init; } = Bootstrap.DefaultSeed;

    /// <summary>Recall score (0–100) a context length must reach to count as effective (RULER: 85.6, Llama-2-7B at 4k).</summary>
    public double EffectiveLengthThreshold { get; init; } = LoftCompare.Eval.Reports.EffectiveLengthCalculator.RulerThreshold;

    /// <summary>Prompt format for every task that does not name its own: <c>loft</c> (default), <c>helmet</c> or <c>ruler</c>.</summary>
    public string PromptFormat { get; init; } = "loft";

    /// <summary>The suite's own prompt formats as Semantic Kernel templates, by name; <c>promptFormat</c> may name them (docs/model-backends.md).</summary>
    public Dictionary<string, LoftCompare.Pipelines.Prompts.PromptTemplateSettings>? PromptTemplates { get; init; }
}

/// <summary>An OpenAI-compatible endpoint (vLLM, TGI, llama.cpp server, Ollama, OpenAI).</summary>
public sealed record EndpointSettings
{
    /// <summary><c>openai</c> (any OpenAI-compatible server, the default) or <c>azure-openai</c> (an Azure OpenAI resource through Semantic Kernel's connector, <c>api-key</c> header).</summary>
    public string Kind { get; init; } = "openai";

    /// <summary>For <c>azure-openai</c>: the deployment name (defaults to <see cref="Model"/>).</summary>
    public string? Deployment { get; init; }

    /// <summary>Base URL with the version path, e.g. <c>http://gpu-host:8000/v1</c>.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>Model name the server expects.</summary>
    public required string Model { get; init; }

    /// <summary>Environment variable holding the API key (never the key itself).</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>Context window in tokens; prompts that would not fit are truncated or skipped per <c>longContextOverflow</c>.</summary>
    public int? ContextWindow { get; init; }

    public int MaxOutputTokens { get; init; } = 256;

    /// <summary>The longest wait for the server's first stream event after sending, headers and prefill included.</summary>
    public double TimeoutSeconds { get; init; } = 300;

    /// <summary>The longest silence between two stream events once the answer has begun (keep-alive bytes do not count).</summary>
    public double StreamIdleSeconds { get; init; } = 60;

    /// <summary>The most one attempt of a call may take, first byte to last; an expired attempt is retried like a cut stream.</summary>
    public double CallTimeoutSeconds { get; init; } = 1200;

    public int MaxRetries { get; init; } = 4;

    /// <summary>The longest reply kept, in characters; a server that ignores <c>max_tokens</c> is cut here (default 32 a token of <see cref="MaxOutputTokens"/>, at least 65,536).</summary>
    public int? MaxReplyCharacters { get; init; }
}

public sealed record ScheduleSettings
{
    /// <summary>A cron expression (5 fields, or 6 with seconds), e.g. <c>0 2 * * *</c> for 02:00 every day.</summary>
    public required string Cron { get; init; }

    /// <summary>IANA or Windows time-zone id the cron expression is read in; UTC by default.</summary>
    public string TimeZone { get; init; } = "UTC";
}

public sealed record EmbeddingSettings
{
    /// <summary><c>all-MiniLM-L6-v2</c>, <c>snowflake-arctic-embed-xs</c>, or any name with <see cref="OnnxPath"/> and <see cref="VocabPath"/>.</summary>
    public string Model { get; init; } = "all-MiniLM-L6-v2";

    /// <summary>A BERT ONNX export to load instead of a shipped model (relative to the suite file).</summary>
    public string? OnnxPath { get; init; }

    /// <summary>Its WordPiece <c>vocab.txt</c> (relative to the suite file).</summary>
    public string? VocabPath { get; init; }

    /// <summary>For path models: input limit in tokens.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>For path models: <c>mean</c> or <c>cls</c>.</summary>
    public string Pooling { get; init; } = "mean";

    /// <summary>For path models: text put before queries (never documents).</summary>
    public string QueryPrefix { get; init; } = string.Empty;

    /// <summary><c>cpu</c> (default) or <c>cuda</c> (needs the GPU build of ONNX Runtime; see docs/retrieval.md).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The most texts per inference batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>When set, a batch also stops before texts × longest text would exceed this many tokens (bounds memory for long inputs; on CPU larger batches were slower, docs/performance.md).</summary>
    public int? BatchTokens { get; init; }

    /// <summary>ONNX Runtime intra-op threads per encoder session; the machine's cores when not set.</summary>
    public int? Threads { get; init; }

    /// <summary>ONNX Runtime graph optimisation: <c>all</c> (default), <c>extended</c>, <c>basic</c> or <c>disabled</c>.</summary>
    public string GraphOptimization { get; init; } = "all";
}

public sealed record RetrievalSettings
{
    /// <summary><c>dense</c>, <c>bm25</c> or <c>hybrid</c> (reciprocal-rank fusion of dense and BM25).</summary>
    public string Method { get; init; } = "dense";

    public int TopK { get; init; } = 5;

    /// <summary>Where dense vectors live: <c>embedded</c> (default, no server) or <c>qdrant</c>.</summary>
    public string Index { get; init; } = "embedded";

    public QdrantIndexSettings? Qdrant { get; init; }

    /// <summary>The k of reciprocal-rank fusion (60 as in Cormack et al.).</summary>
    public int RrfK { get; init; } = 60;
}

public sealed record QdrantIndexSettings
{
    /// <summary>gRPC address, e.g. <c>http://localhost:6334</c>; falls back to <c>LOFTCOMPARE_QDRANT_URL</c>.</summary>
    public string? Url { get; init; }

    /// <summary>The environment variable holding the API key (never the key itself).</summary>
    public string ApiKeyEnv { get; init; } = "LOFTCOMPARE_QDRANT_API_KEY";
}

public sealed record ModelSettings
{
    /// <summary>The short-context reader(s) on the RAG side: one model id, or several to compare (one RAG pipeline each).</summary>
    [JsonPropertyName("reader")]
    [JsonConverter(typeof(OneOrManyConverter))]
    public IReadOnlyList<string> Readers { get; init; } = ["extractive-minilm"];

    /// <summary>The long-context model(s) that read the whole corpus: one id, or several (one long-context pipeline each).</summary>
    [JsonPropertyName("longContext")]
    [JsonConverter(typeof(OneOrManyConverter))]
    public IReadOnlyList<string> LongContexts { get; init; } = ["extractive-minilm"];

    /// <summary>The first reader (Self-Route's first leg uses each reader; this one names the suite's RAG side in labels).</summary>
    [JsonIgnore]
    public string Reader => Readers[0];

    /// <summary>The first long-context model, which Self-Route falls back to.</summary>
    [JsonIgnore]
    public string LongContext => LongContexts[0];
}

/// <summary>Reads a JSON string or an array of strings as a list, so <c>"reader": "x"</c> and <c>"reader": ["x", "y"]</c> both work.</summary>
public sealed class OneOrManyConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType switch
        {
            JsonTokenType.String => [reader.GetString()!],
            JsonTokenType.StartArray => JsonSerializer.Deserialize<List<string>>(ref reader, options) ?? [],
            _ => throw new JsonException($"expected a model id or a list of model ids, found {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
        => JsonSerializer.Serialize(writer, value, options);
}

/// <summary>One task of a suite: a dataset, loaded by a named adapter.</summary>
public sealed record SuiteTask
{
    public required string Name { get; init; }

    public string Adapter { get; init; } = "loft";

    /// <summary>Dataset folder or file, relative to the suite file.</summary>
    public required string Path { get; init; }

    public string Split { get; init; } = "test";

    /// <summary>Task kind; omitted, the adapter infers it from the published layout.</summary>
    public string? Kind { get; init; }

    public int? MaxQueries { get; init; }

    /// <summary>Adapter settings, e.g. <c>{ "shots": "500" }</c> for HELMET ICL (see docs/adding-a-dataset.md).</summary>
    public Dictionary<string, string>? Options { get; init; }

    /// <summary>Prompt format for this task (<c>loft</c>, <c>helmet</c>, <c>ruler</c>); null takes the suite's.</summary>
    public string? PromptFormat { get; init; }
}

/// <summary>Alerts after a run: a JSON POST to a webhook when the run regressed or failed, and whether a regression fails the run's exit.</summary>
public sealed record AlertSettings
{
    /// <summary>Environment variable holding the webhook URL (webhook URLs are secrets; the URL itself is never stored).</summary>
    public string? WebhookUrlEnv { get; init; }

    /// <summary><c>loftcompare run</c> exits 2 when a regression is found (as with <c>--fail-on-regression</c>).</summary>
    public bool FailOnRegression { get; init; }
}
