using LoftCompare.Runs;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using LoftCompare.Runs.Execution;

namespace LoftCompare.Worker.Hosting;

/// <summary>
/// OpenTelemetry for <c>run</c> and the worker, off by default: <c>LOFTCOMPARE_OTEL=console</c> prints spans and
/// metrics, <c>otlp</c> sends them to the collector named by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (both may be
/// given, comma-separated). Subscribes to <see cref="RunTelemetry.Name"/>.
/// </summary>
public static class TelemetrySetup
{
    public const string Variable = "LOFTCOMPARE_OTEL";

    /// <summary>The tracer and meter providers asked for by <see cref="Variable"/>; null when it is not set.</summary>
    public static IDisposable? FromEnvironment() => For(Environment.GetEnvironmentVariable(Variable));

    public static IDisposable? For(string? setting)
    {
        var exporters = (setting ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(e => e.ToLowerInvariant()).ToList();
        if (exporters.Count == 0)
        {
            return null;
        }

        var unknown = exporters.Except(["console", "otlp"]).ToList();
        if (unknown.Count > 0)
        {
            throw new LoftCompare.Results.UsageException($"{Variable} is '{setting}'; use console, otlp or both (console,otlp).");
        }

        var resource = ResourceBuilder.CreateDefault().AddService("loftcompare", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString());
        var traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(RunTelemetry.Name);
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(RunTelemetry.Name);
        if (exporters.Contains("console"))
        {
            traces.AddConsoleExporter();
            metrics.AddConsoleExporter();
        }

        if (exporters.Contains("otlp"))
        {
            traces.AddOtlpExporter();
            metrics.AddOtlpExporter();
        }

        return new Providers(traces.Build(), metrics.Build());
    }

    private sealed class Providers(TracerProvider? traces, MeterProvider? metrics) : IDisposable
    {
        public void Dispose()
        {
            traces?.Dispose(); // flushes what is left
            metrics?.Dispose();
        }
    }
}
