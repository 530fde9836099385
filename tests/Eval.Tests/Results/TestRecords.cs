using LoftCompare.Results;

namespace LoftCompare.Eval.Tests.Results;

/// <summary>A run and result rows to store or render in tests.</summary>
public static class TestRecords
{
    public static RunRecord Run(string id = "run1") => new()
    {
        RunId = id,
        SuiteName = "s",
        SuitePath = "/s.json",
        SuiteJson = "{}",
        AppVersion = "0.1",
        Host = "h",
        Tokenizer = "o200k_base",
        Models = new Dictionary<string, string> { ["m"] = "a model" },
        StartedAt = DateTimeOffset.Parse("2026-11-29T00:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture),
        Status = RunStatus.Running,
    };

    public static ResultRecord Result(string queryId, double score, string? error = null) => new()
    {
        RunId = "run1",
        TaskName = "t",
        Pipeline = "rag",
        ModelId = "m",
        QueryId = queryId,
        Prediction = ["x"],
        Scores = new Dictionary<string, double> { ["em"] = score },
        PrimaryMetric = "em",
        PrimaryScore = score,
        InputTokens = 100,
        TotalMs = 5,
        Error = error,
        Outcome = ExampleOutcomes.FromError(error),
        RecordedAt = DateTimeOffset.Parse("2026-11-29T00:00:01+00:00", System.Globalization.CultureInfo.InvariantCulture),
    };
}
