using System.Diagnostics;
using LoftCompare.Runs;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Worker.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using LoftCompare.Runs.Execution;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Worker.Tests.Hosting;

/// <summary>OpenTelemetry, captured with the SDK's in-memory exporter: a span per run and example with its steps, and counters.</summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task A_run_emits_a_span_per_example_under_the_run_span_with_its_steps_and_counts_examples_and_tokens()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(RunTelemetry.Name).AddInMemoryExporter(spans).Build();
        using var meter = Sdk.CreateMeterProviderBuilder().AddMeter(RunTelemetry.Name).AddInMemoryExporter(metrics).Build();
        var suite = workspace.WriteSuite($$"""
            { "name": "otel", "pipelines": ["rag", "long-context"], "tasks": [ { "name": "otel-rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 3 } ] }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);

        var outcome = await workspace.Launcher(store).RunAsync(new RunLaunch { SuitePath = suite });
        tracer.ForceFlush();
        meter.ForceFlush();

        // Other tests run in this process at the same time: only this run's spans and this task's points count.
        var run = Assert.Single(spans, s => s.OperationName == "loftcompare.run" && (string?)s.GetTagItem("loftcompare.run_id") == outcome.Summary.RunId);
        var examples = spans.Where(s => s.OperationName == "loftcompare.example" && (string?)s.GetTagItem("loftcompare.run_id") == outcome.Summary.RunId).ToList();
        Assert.Equal(6, examples.Count);
        Assert.All(examples, e => Assert.Equal(run.SpanId, e.ParentSpanId));
        Assert.All(examples, e => Assert.Equal("succeeded", e.GetTagItem("loftcompare.outcome")));
        var longContext = examples.First(e => (string?)e.GetTagItem("loftcompare.pipeline") == "long-context");
        var modelCall = Assert.Single(spans, s => s.OperationName == "loftcompare.model_call" && s.ParentSpanId == longContext.SpanId);
        Assert.True((long)modelCall.GetTagItem("gen_ai.usage.input_tokens")! > 30_000);
        Assert.Single(spans, s => s.OperationName == "loftcompare.scoring" && s.ParentSpanId == longContext.SpanId);
        var rag = examples.First(e => (string?)e.GetTagItem("loftcompare.pipeline") == "rag");
        Assert.Single(spans, s => s.OperationName == "loftcompare.retrieval" && s.ParentSpanId == rag.SpanId);

        long Sum(string name, Func<ReadOnlyTagCollection, bool> match)
        {
            var total = 0L;
            foreach (var metric in metrics.Where(m => m.Name == name))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    if (match(point.Tags))
                    {
                        total += point.GetSumLong();
                    }
                }
            }

            return total;
        }

        bool OurTask(ReadOnlyTagCollection tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "task" && (string?)tag.Value == "otel-rag")
                {
                    return true;
                }
            }

            return false;
        }

        Assert.Equal(6, Sum("loftcompare.examples", OurTask));
        Assert.True(Sum("loftcompare.tokens", _ => true) > 90_000); // three long-context prompts of ~31.5k tokens, at least
    }

    [Fact]
    public void Telemetry_is_off_unless_asked_for_and_a_wrong_setting_is_named()
    {
        Assert.Null(TelemetrySetup.For(null));
        Assert.Null(TelemetrySetup.For(""));
        using (var on = TelemetrySetup.For("console"))
        {
            Assert.NotNull(on);
        }

        var error = Assert.Throws<LoftCompare.Results.UsageException>(() => TelemetrySetup.For("jaeger"));
        Assert.Equal("LOFTCOMPARE_OTEL is 'jaeger'; use console, otlp or both (console,otlp).", error.Message);
    }

    public void Dispose() => workspace.Dispose();
}
