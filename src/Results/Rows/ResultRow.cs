using LoftCompare.Results;
namespace LoftCompare.Results.Rows;

/// <summary><c>results</c> as the database holds it (JSON lists and scores, text times and outcome, 0/1 flags), for stores to read and write with Dapper.</summary>
public sealed class ResultRow
{
    public string RunId { get; set; } = string.Empty;
    public string TaskName { get; set; } = string.Empty;
    public string Pipeline { get; set; } = string.Empty;
    public string ModelId { get; set; } = string.Empty;
    public string QueryId { get; set; } = string.Empty;
    public string? Prediction { get; set; }
    public string? RawOutput { get; set; }
    public string? RetrievedIds { get; set; }
    public string? ScoresJson { get; set; }
    public string? PrimaryMetric { get; set; }
    public double? PrimaryScore { get; set; }
    public long? InputTokens { get; set; }
    public long? OutputTokens { get; set; }
    public long? CachedInputTokens { get; set; }
    public double? CostUsd { get; set; }
    public double? RetrievalMs { get; set; }
    public double? ModelMs { get; set; }
    public double? TotalMs { get; set; }
    public string? Error { get; set; }
    public string RecordedAt { get; set; } = string.Empty;
    public double? GoldDepth { get; set; }
    public double? TtftMs { get; set; }
    public long? TokenizerInputTokens { get; set; }
    public string? ContextNote { get; set; }
    public string? Route { get; set; }
    public long? CacheHit { get; set; }
    public string? Outcome { get; set; }
    public long? Attempts { get; set; }
    public double? BackoffMs { get; set; }
    public double? ModelWallMs { get; set; }
    public long? PrefixTokens { get; set; }
    public string? CacheBasis { get; set; }
    public double? GpuSeconds { get; set; }
    public double? Confidence { get; set; }
    public double? EncodingsCached { get; set; }
    public string? ModelCalls { get; set; }
    public long? Correct { get; set; }

    public static ResultRow From(ResultRecord result) => new()
    {
        RunId = result.RunId, TaskName = result.TaskName, Pipeline = result.Pipeline, ModelId = result.ModelId, QueryId = result.QueryId,
        Prediction = result.Prediction is null ? null : StoredText.Json(result.Prediction), RawOutput = result.RawOutput,
        RetrievedIds = StoredText.Json(result.RetrievedIds), ScoresJson = StoredText.Json(result.Scores), PrimaryMetric = result.PrimaryMetric, PrimaryScore = result.PrimaryScore,
        InputTokens = result.InputTokens, OutputTokens = result.OutputTokens, CachedInputTokens = result.CachedInputTokens, CostUsd = result.CostUsd,
        RetrievalMs = result.RetrievalMs, ModelMs = result.ModelMs, TotalMs = result.TotalMs, Error = result.Error, RecordedAt = StoredText.Of(result.RecordedAt),
        GoldDepth = result.GoldDepth, TtftMs = result.TtftMs, TokenizerInputTokens = result.TokenizerInputTokens, ContextNote = result.ContextNote, Route = result.Route,
        CacheHit = result.CacheHit ? 1 : 0, Outcome = StoredText.Of(result.Outcome), Attempts = result.Attempts, BackoffMs = result.BackoffMs, ModelWallMs = result.ModelWallMs,
        PrefixTokens = result.PrefixTokens, CacheBasis = result.CacheBasis is { } basis ? StoredText.Of(basis) : null, GpuSeconds = result.GpuSeconds, Confidence = result.Confidence, EncodingsCached = result.EncodingsCached,
        ModelCalls = result.ModelCalls is null ? null : StoredText.Json(result.ModelCalls, StoredText.SnakeCase),
        Correct = result.Correct switch { true => 1, false => 0, null => null },
    };

    public ResultRecord ToRecord() => new()
    {
        RunId = RunId, TaskName = TaskName, Pipeline = Pipeline, ModelId = ModelId, QueryId = QueryId,
        Prediction = StoredText.FromJson<List<string>>(Prediction), RawOutput = RawOutput, RetrievedIds = StoredText.FromJson<List<string>>(RetrievedIds) ?? [],
        Scores = StoredText.FromJson<Dictionary<string, double>>(ScoresJson) ?? [], PrimaryMetric = PrimaryMetric, PrimaryScore = PrimaryScore,
        InputTokens = InputTokens, OutputTokens = OutputTokens, CachedInputTokens = CachedInputTokens, CostUsd = CostUsd, RetrievalMs = RetrievalMs, ModelMs = ModelMs,
        TotalMs = TotalMs, Error = Error, RecordedAt = StoredText.Time(RecordedAt), GoldDepth = GoldDepth, TtftMs = TtftMs, TokenizerInputTokens = TokenizerInputTokens,
        ContextNote = ContextNote, Route = Route, CacheHit = CacheHit == 1,
        Outcome = Outcome is { } outcome ? StoredText.Parse<ExampleOutcome>(outcome) : ExampleOutcomes.FromError(Error),
        Attempts = Attempts, BackoffMs = BackoffMs, ModelWallMs = ModelWallMs,
        PrefixTokens = PrefixTokens, CacheBasis = CacheBasis is { } basis ? StoredText.Parse<CacheBasis>(basis) : null, GpuSeconds = GpuSeconds, Confidence = Confidence, EncodingsCached = EncodingsCached, ModelCalls = StoredText.FromJson<List<ModelCallRecord>>(ModelCalls, StoredText.SnakeCase),
    };
}
