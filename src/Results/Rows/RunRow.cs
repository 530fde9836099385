using LoftCompare.Results;

namespace LoftCompare.Results.Rows;

/// <summary><c>runs</c> as the database holds it (text times, statuses and JSON), for stores to read and write with Dapper.</summary>
public sealed class RunRow
{
    public string RunId { get; set; } = string.Empty;
    public string SuiteName { get; set; } = string.Empty;
    public string SuitePath { get; set; } = string.Empty;
    public string SuiteJson { get; set; } = string.Empty;
    public string AppVersion { get; set; } = string.Empty;
    public string Host { get; set; } = string.Empty;
    public string Tokenizer { get; set; } = string.Empty;
    public string ModelsJson { get; set; } = "{}";
    public string StartedAt { get; set; } = string.Empty;
    public string? EndedAt { get; set; }
    public string Status { get; set; } = string.Empty;
    public string? Error { get; set; }
    public string? PricesJson { get; set; }
    public long? BootstrapSeed { get; set; }
    public string? HeartbeatAt { get; set; }
    public long? ExamplesPlanned { get; set; }
    public long? ExamplesFailed { get; set; }
    public long? ExamplesDeclined { get; set; }

    public static RunRow From(RunRecord run) => new()
    {
        RunId = run.RunId, SuiteName = run.SuiteName, SuitePath = run.SuitePath, SuiteJson = run.SuiteJson, AppVersion = run.AppVersion, Host = run.Host,
        Tokenizer = run.Tokenizer, ModelsJson = StoredText.Json(run.Models), StartedAt = StoredText.Of(run.StartedAt), EndedAt = StoredText.Of(run.EndedAt),
        Status = StoredText.Of(run.Status), Error = run.Error, PricesJson = run.Prices is null ? null : StoredText.Json(run.Prices), BootstrapSeed = run.BootstrapSeed,
        HeartbeatAt = StoredText.Of(run.HeartbeatAt), ExamplesPlanned = run.ExamplesPlanned, ExamplesFailed = run.ExamplesFailed, ExamplesDeclined = run.ExamplesDeclined,
    };

    public RunRecord ToRecord() => new()
    {
        RunId = RunId, SuiteName = SuiteName, SuitePath = SuitePath, SuiteJson = SuiteJson, AppVersion = AppVersion, Host = Host, Tokenizer = Tokenizer,
        Models = StoredText.FromJson<Dictionary<string, string>>(ModelsJson) ?? [], StartedAt = StoredText.Time(StartedAt), EndedAt = StoredText.TimeOrNull(EndedAt),
        Status = StoredText.Parse<RunStatus>(Status), Error = Error, Prices = StoredText.FromJson<Dictionary<string, ModelPrice>>(PricesJson), BootstrapSeed = BootstrapSeed,
        HeartbeatAt = StoredText.TimeOrNull(HeartbeatAt), ExamplesPlanned = ExamplesPlanned, ExamplesFailed = ExamplesFailed, ExamplesDeclined = ExamplesDeclined,
    };
}
