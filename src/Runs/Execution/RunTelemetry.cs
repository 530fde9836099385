using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LoftCompare.Runs.Execution;

/// <summary>
/// Traces and metrics of runs through .NET's own <see cref="ActivitySource"/> and <see cref="Meter"/>: nothing is
/// recorded unless a listener (OpenTelemetry's SDK, when <c>LOFTCOMPARE_OTEL</c> turns it on) subscribes to
/// <see cref="Name"/>. A span per run and per example (tagged with task, pipeline, model, outcome, tokens, cost), with
/// child spans for retrieval, the model call and scoring; counters of examples, failures and tokens.
/// </summary>
public sealed class RunTelemetry : IDisposable
{
    public const string Name = "LoftCompare";

    public RunTelemetry()
    {
        Source = new ActivitySource(Name);
        Meter = new Meter(Name);
        Examples = Meter.CreateCounter<long>("loftcompare.examples", "{example}", "Examples recorded, by outcome");
        Tokens = Meter.CreateCounter<long>("loftcompare.tokens", "{token}", "Model tokens, by direction (input, output)");
        Duration = Meter.CreateHistogram<double>("loftcompare.example.duration", "ms", "Wall time per example");
    }

    public ActivitySource Source { get; }

    public Meter Meter { get; }

    public Counter<long> Examples { get; }

    public Counter<long> Tokens { get; }

    public Histogram<double> Duration { get; }

    /// <summary>A finished step of an example (retrieval, the model call) as a child span, from its measured start and duration.</summary>
    public void Step(string name, DateTimeOffset start, double milliseconds, params (string Key, object? Value)[] tags)
    {
        if (milliseconds <= 0 || Source.StartActivity(name, ActivityKind.Internal, Activity.Current?.Context ?? default, startTime: start) is not { } activity)
        {
            return;
        }

        foreach (var (key, value) in tags)
        {
            activity.SetTag(key, value);
        }

        activity.SetEndTime((start + TimeSpan.FromMilliseconds(milliseconds)).UtcDateTime);
        activity.Dispose();
    }

    /// <summary>Tags an example's span with what it did, adds its steps as child spans, and counts it.</summary>
    public void Record(Activity? activity, LoftCompare.Results.ResultRecord row, DateTimeOffset started)
    {
        var outcome = LoftCompare.Results.StoredText.Of(row.Outcome);
        var tags = new TagList { { "task", row.TaskName }, { "pipeline", row.Pipeline }, { "model", row.ModelId }, { "outcome", outcome } };
        Examples.Add(1, tags);
        if (row.TotalMs is { } total)
        {
            Duration.Record(total, tags);
        }

        Tokens.Add(row.InputTokens ?? 0, new TagList { { "direction", "input" }, { "pipeline", row.Pipeline }, { "model", row.ModelId } });
        Tokens.Add(row.OutputTokens ?? 0, new TagList { { "direction", "output" }, { "pipeline", row.Pipeline }, { "model", row.ModelId } });
        if (activity is null)
        {
            return;
        }

        activity.SetTag("loftcompare.run_id", row.RunId).SetTag("loftcompare.task", row.TaskName).SetTag("loftcompare.pipeline", row.Pipeline)
            .SetTag("loftcompare.model", row.ModelId).SetTag("loftcompare.query_id", row.QueryId).SetTag("loftcompare.outcome", outcome)
            .SetTag("loftcompare.input_tokens", row.InputTokens).SetTag("loftcompare.output_tokens", row.OutputTokens)
            .SetTag("loftcompare.cost_usd", row.CostUsd).SetTag("loftcompare.primary_score", row.PrimaryScore);
        if (row.Outcome == LoftCompare.Results.ExampleOutcome.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, row.Error);
        }

        // The steps as measured, one after the other: retrieval, then the model call with its tokens.
        Step("loftcompare.retrieval", started, row.RetrievalMs ?? 0);
        Step("loftcompare.model_call", started + TimeSpan.FromMilliseconds(row.RetrievalMs ?? 0), row.ModelWallMs ?? row.ModelMs ?? 0,
            ("gen_ai.request.model", row.ModelId), ("gen_ai.usage.input_tokens", row.InputTokens), ("gen_ai.usage.output_tokens", row.OutputTokens));
    }

    public void Dispose()
    {
        Source.Dispose();
        Meter.Dispose();
    }
}
