using System.Text.Json;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Costs.Serving;
using LoftCompare.Pipelines.Kinds;

namespace LoftCompare.Runs.Suites;

/// <summary>Reads and checks a suite file; every problem is reported with the file and the field.</summary>
public static class SuiteLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <param name="vocabulary">The names a suite may use (the catalog's: kinds, prompt formats, retrieval methods, stores).</param>
    public static async Task<(Suite Suite, string Json)> LoadAsync(string path, SuiteVocabulary vocabulary, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new SuiteException($"Suite file '{path}' does not exist.");
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            throw new SuiteException($"Suite file '{path}' cannot be read: {ex.Message}", ex);
        }

        return (Parse(text, path, vocabulary), text);
    }

    /// <summary>Checks a suite's JSON as if read from <paramref name="path"/> (relative paths resolve against its folder), e.g. a run's recorded suite.</summary>
    public static Suite Parse(string text, string path, SuiteVocabulary vocabulary)
    {
        Suite? suite;
        try
        {
            suite = JsonSerializer.Deserialize<Suite>(text, Json);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $":{line + 1}" : string.Empty;
            var field = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" at '{ex.Path}'";
            throw new SuiteException($"Suite file '{path}{where}' is not valid{field}: {SuiteJsonErrors.Describe(ex, Json)}", ex);
        }

        if (suite is null || suite.Tasks is null || suite.Tasks.Count == 0)
        {
            throw new SuiteException($"Suite file '{path}': field 'tasks' must list at least one task.");
        }

        var duplicate = suite.Tasks.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SuiteException($"Suite file '{path}': task name '{duplicate.Key}' appears twice in 'tasks'.");
        }

        foreach (var task in suite.Tasks)
        {
            if (task.Kind is not null && !vocabulary.Kinds.TryParse(task.Kind, out _))
            {
                throw new SuiteException($"Suite file '{path}': task '{task.Name}' has unknown kind '{task.Kind}' (known: {string.Join(", ", vocabulary.Kinds.Kinds.Select(k => k.Name))}).");
            }

            Require(path, $"tasks[{task.Name}].adapter", task.Adapter, [.. vocabulary.DatasetAdapters]);
            Require(path, $"tasks[{task.Name}].promptFormat", task.PromptFormat ?? suite.PromptFormat, [.. vocabulary.PromptFormats, .. (IEnumerable<string>?)suite.PromptTemplates?.Keys ?? []]);
        }

        Require(path, "promptFormat", suite.PromptFormat, [.. vocabulary.PromptFormats, .. (IEnumerable<string>?)suite.PromptTemplates?.Keys ?? []]);
        SuiteTemplates.Check(suite, path, vocabulary);

        if (suite.Retrieval.TopK < 1)
        {
            throw new SuiteException($"Suite file '{path}': field 'retrieval.topK' must be at least 1.");
        }

        foreach (var (field, ids) in new[] { ("models.reader", suite.Models.Readers), ("models.longContext", suite.Models.LongContexts) })
        {
            if (ids.Count == 0 || ids.Distinct(StringComparer.Ordinal).Count() != ids.Count || ids.Any(string.IsNullOrWhiteSpace))
            {
                throw new SuiteException($"Suite file '{path}': field '{field}' must name at least one model, each once.");
            }
        }

        Require(path, "retrieval.method", suite.Retrieval.Method, [.. vocabulary.RetrievalMethods]);
        foreach (var pipeline in suite.Pipelines)
        {
            Require(path, "pipelines", pipeline, "rag", "long-context", "self-route");
        }

        if (suite.Pipelines.Count == 0 || suite.Pipelines.Distinct(StringComparer.OrdinalIgnoreCase).Count() != suite.Pipelines.Count)
        {
            throw new SuiteException($"Suite file '{path}': field 'pipelines' must list each pipeline once, at least one.");
        }

        Require(path, "retrieval.index", suite.Retrieval.Index, ["embedded", "qdrant", .. vocabulary.VectorStores]);
        Require(path, "embedding.pooling", suite.Embedding.Pooling, "mean", "cls");
        Require(path, "embedding.device", suite.Embedding.Device, "cpu", "cuda");
        Require(path, "embedding.graphOptimization", suite.Embedding.GraphOptimization, "all", "extended", "basic", "disabled");
        if (suite.Embedding.BatchSize < 1 || suite.Embedding.BatchTokens is < 1)
        {
            throw new SuiteException($"Suite file '{path}': fields 'embedding.batchSize' and 'embedding.batchTokens' must be at least 1.");
        }

        if (suite.Embedding.Threads is < 1)
        {
            throw new SuiteException($"Suite file '{path}': field 'embedding.threads' must be at least 1 (or left out for the machine's {Environment.ProcessorCount} cores).");
        }

        if ((suite.Embedding.OnnxPath is null) != (suite.Embedding.VocabPath is null))
        {
            throw new SuiteException($"Suite file '{path}': fields 'embedding.onnxPath' and 'embedding.vocabPath' go together.");
        }

        if (suite.EffectiveLengthThreshold is <= 0 or > 100 || double.IsNaN(suite.EffectiveLengthThreshold))
        {
            throw new SuiteException($"Suite file '{path}': field 'effectiveLengthThreshold' must be a score above 0 and at most 100 (RULER uses 85.6).");
        }

        Require(path, "longContextOverflow", suite.LongContextOverflow, "truncate", "skip");
        CheckEndpoints(suite, path, vocabulary);
        CheckPrices(suite, path);
        return suite;
    }

    /// <summary>Limits that would crash a call or strand a run (a zero timeout, a negative window) are refused here, naming the field.</summary>
    private static void CheckEndpoints(Suite suite, string path, SuiteVocabulary vocabulary)
    {
        foreach (var (id, endpoint) in suite.Endpoints ?? [])
        {
            var field = $"endpoints.{id}";
            Require(path, $"{field}.kind", endpoint.Kind, [.. vocabulary.EndpointKinds]);
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(endpoint.Model) || string.IsNullOrWhiteSpace(endpoint.BaseUrl))
            {
                throw new SuiteException($"Suite file '{path}': field '{field}' needs a non-empty id, 'model' and 'baseUrl'.");
            }

            // The suite is stored with every run (resume reads it back) and the URL is shown in labels and reports, so a
            // secret in it would be kept and shown everywhere: refused, as a password in --db is.
            if (Uri.TryCreate(endpoint.BaseUrl, UriKind.Absolute, out var url)
                && (url.UserInfo.Length > 0 ? "user info before '@'" : SecretParameter(url) is { } secret ? $"the query parameter '{secret}'" : null) is { } credential)
            {
                throw new SuiteException($"Suite file '{path}': field '{field}.baseUrl' carries a credential ({credential}); it would be stored with every run and shown in reports. Put the key in an environment variable and name it in 'apiKeyEnv'.");
            }

            foreach (var (name, seconds) in new[] { ("timeoutSeconds", endpoint.TimeoutSeconds), ("streamIdleSeconds", endpoint.StreamIdleSeconds), ("callTimeoutSeconds", endpoint.CallTimeoutSeconds) })
            {
                // TimeSpan.FromSeconds and Polly refuse what is not a positive, representable span.
                if (!double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
                {
                    throw new SuiteException($"Suite file '{path}': field '{field}.{name}' is {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be a number of seconds above 0 and at most one day.");
                }
            }

            if (endpoint.CallTimeoutSeconds < endpoint.TimeoutSeconds)
            {
                throw new SuiteException($"Suite file '{path}': field '{field}.callTimeoutSeconds' ({endpoint.CallTimeoutSeconds:0.###}) is shorter than its 'timeoutSeconds' ({endpoint.TimeoutSeconds:0.###}), the wait for the first event: no answer could finish.");
            }

            if (endpoint.MaxOutputTokens < 1 || endpoint.ContextWindow is < 1 || endpoint.MaxRetries < 0 || endpoint.MaxReplyCharacters is < 1)
            {
                throw new SuiteException($"Suite file '{path}': field '{field}': 'maxOutputTokens', 'contextWindow' and 'maxReplyCharacters' must be at least 1 and 'maxRetries' at least 0.");
            }

            if (endpoint.ContextWindow is { } window && window <= endpoint.MaxOutputTokens)
            {
                throw new SuiteException($"Suite file '{path}': field '{field}.contextWindow' ({window:N0}) leaves no room for a prompt beside 'maxOutputTokens' ({endpoint.MaxOutputTokens:N0}).");
            }
        }
    }

    /// <summary>The first query parameter of a URL whose name says it holds a secret (key, token, password, signature), or null.</summary>
    private static string? SecretParameter(Uri url) => url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => Uri.UnescapeDataString(p.Split('=', 2)[0]))
        .FirstOrDefault(name => new[] { "key", "token", "password", "secret", "sig", "signature", "auth", "credential" }.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Prices must be a function of the work: per-token prices or a serving card that exists; never measured time.</summary>
    private static void CheckPrices(Suite suite, string path)
    {
        CardCatalog? cards = null;
        foreach (var (id, price) in suite.Prices ?? [])
        {
            if (price.PerHour != 0 || price.Hardware is not null)
            {
                throw new SuiteException($"Suite file '{path}': field 'prices.{id}.perHour' charges measured time, which moves with machine load and cache warmth; price per token (inputPerMillion, outputPerMillion), or as a card on a GPU (\"serving\": {{ \"card\": \"llama-3.1-8b\", \"gpu\": \"h100\", \"perHour\": 2.5 }}); see docs/costs.md.");
            }

            if (new[] { price.InputPerMillion, price.OutputPerMillion, price.EmbeddingPerMillion, price.CachedInputPerMillion ?? 0, price.Serving?.PerHour ?? 0 }.Any(v => v < 0 || !double.IsFinite(v)))
            {
                throw new SuiteException($"Suite file '{path}': field 'prices.{id}' has a negative or non-finite price.");
            }

            if (price.Serving is { } serving)
            {
                if (serving.Batch < 1)
                {
                    throw new SuiteException($"Suite file '{path}': field 'prices.{id}.serving.batch' must be at least 1.");
                }

                cards ??= SuiteCards.For(path);
                try
                {
                    _ = cards.Model(serving.Card);
                    _ = cards.Gpu(serving.Gpu);
                }
                catch (ArgumentException ex)
                {
                    throw new SuiteException($"Suite file '{path}': field 'prices.{id}.serving': {ex.Message}.", ex);
                }
            }
        }
    }

    /// <summary>A path from the suite, resolved against the suite file's folder.</summary>
    public static string Resolve(string suitePath, string path)
        => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(suitePath))!, path));

    private static void Require(string path, string field, string value, params string[] allowed)
    {
        if (!allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            throw new SuiteException($"Suite file '{path}': field '{field}' is '{value}'; expected one of {string.Join(", ", allowed)}.");
        }
    }

    /// <summary>The adapter request for a task, with its path resolved against the suite file's folder.</summary>
    /// <param name="kinds">The kinds a task may name (the catalog's).</param>
    public static DatasetSpec SpecFor(SuiteTask task, string suitePath, TaskKindProfiles kinds)
    {
        var kind = kinds.TryParse(task.Kind, out var parsed) ? parsed : null;
        return new DatasetSpec(task.Adapter, Resolve(suitePath, task.Path), task.Split, kind, task.MaxQueries) { Options = task.Options ?? [] };
    }
}
