using LoftCompare.Results;
namespace LoftCompare.Results.Rows;

/// <summary><c>effective_lengths</c> as the database holds it (scores by length as JSON), for stores to read and write with Dapper.</summary>
public sealed class EffectiveLengthRow
{
    public const string Columns = "run_id AS RunId, model_id AS ModelId, metric AS Metric, threshold AS Threshold, effective_length AS EffectiveLength, claimed_length AS ClaimedLength, scores_json AS ScoresJson";

    public const string Insert = """
        INSERT INTO effective_lengths (run_id, model_id, metric, threshold, effective_length, claimed_length, scores_json)
        VALUES (@RunId, @ModelId, @Metric, @Threshold, @EffectiveLength, @ClaimedLength, @ScoresJson)
        """;

    public string RunId { get; set; } = string.Empty;
    public string ModelId { get; set; } = string.Empty;
    public string Metric { get; set; } = string.Empty;
    public double Threshold { get; set; }
    public long? EffectiveLength { get; set; }
    public long? ClaimedLength { get; set; }
    public string ScoresJson { get; set; } = "[]";

    public static EffectiveLengthRow From(EffectiveLengthRecord e) => new()
    {
        RunId = e.RunId, ModelId = e.ModelId, Metric = e.Metric, Threshold = e.Threshold, EffectiveLength = e.EffectiveLength, ClaimedLength = e.ClaimedLength, ScoresJson = StoredText.Json(e.Scores),
    };

    public EffectiveLengthRecord ToRecord() => new()
    {
        RunId = RunId, ModelId = ModelId, Metric = Metric, Threshold = Threshold, EffectiveLength = EffectiveLength, ClaimedLength = ClaimedLength,
        Scores = StoredText.FromJson<List<LengthScore>>(ScoresJson) ?? [],
    };
}
