using LoftCompare.Results;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LoftCompare.Eval.Costs.Serving;
using Spectre.Console;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// <c>loftcompare serving-cost --model NAME --gpu NAME --context TOKENS [--queries N] [--json]</c>: KV-cache size, GPUs
/// needed, prefill and decode time and $ per query for a self-hosted model, from its card (docs/costs.md).
/// </summary>
public static class ServingCostCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model card name (cards/models/*.json), e.g. llama-3.1-8b.", Required = true };
        var gpu = new Option<string>("--gpu") { Description = "GPU card name (cards/gpus/*.json), e.g. h100.", Required = true };
        var context = new Option<long>("--context") { Description = "Context tokens per query: the corpus prefix every query shares.", Required = true };
        var queries = new Option<long>("--queries") { Description = "Queries over the same context, for the total with and without prefix caching.", DefaultValueFactory = _ => 1 };
        var queryTokens = new Option<long>("--query-tokens") { Description = "Tokens of each query's own part, after the shared context.", DefaultValueFactory = _ => 50 };
        var outputTokens = new Option<long>("--output-tokens") { Description = "Output tokens per query.", DefaultValueFactory = _ => 100 };
        var perHour = new Option<double?>("--per-hour") { Description = "$ per GPU-hour (default: the GPU card's assumed price)." };
        var batch = new Option<int>("--batch") { Description = "Sequences decoding together: each step reads the weights once for all of them (memory holds every sequence's KV cache).", DefaultValueFactory = _ => 1 };
        var cards = new Option<string?>("--cards") { Description = "Extra cards folder (with models/ and gpus/)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("serving-cost", "What serving a model on a GPU costs for a context: KV cache, GPUs needed, prefill and decode time, $ per query, with and without prefix caching.")
        {
            model, gpu, context, queries, queryTokens, outputTokens, perHour, batch, cards, json,
        };
        command.SetAction(parse =>
        {
            var (contextTokens, n, q, m) = (parse.GetValue(context), parse.GetValue(queries), parse.GetValue(queryTokens), parse.GetValue(outputTokens));
            if (contextTokens < 0 || n < 1 || q < 0 || m < 0 || parse.GetValue(batch) < 1)
            {
                throw new UsageException("--context, --query-tokens and --output-tokens must not be negative, and --queries and --batch must be at least 1");
            }

            var catalog = CardCatalog.Load(parse.GetValue(cards));
            var serving = new ServingCostModel(catalog.Model(parse.GetValue(model)!), catalog.Gpu(parse.GetValue(gpu)!), parse.GetValue(perHour), parse.GetValue(batch));
            var report = ServingCostReport.Of(serving, contextTokens, q, m, n);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return 0;
            }

            Print(serving, report);
            return 0;
        });
        return command;
    }

    private static void Print(ServingCostModel serving, ServingCostReport r)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(serving.Model.Label)}[/] on [bold]{Markup.Escape(serving.Gpu.Label)}[/] at ${F(r.PerGpuHourUsd, "0.00")}/GPU-hour; context {r.ContextTokens:N0} + query {r.QueryTokens:N0} tokens, {r.OutputTokens:N0} output tokens");
        if (r.Warning is { } warning)
        {
            AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        var table = new Table().AddColumns("quantity", "value");
        table.AddRow("KV cache per token", $"{r.KvCacheBytesPerToken:N0} B ({F(r.KvCacheBytesPerToken / 1024.0, "0.#")} KiB)");
        table.AddRow("KV cache for the prompt", Bytes(r.KvCacheBytes));
        table.AddRow("weights", Bytes(r.WeightsBytes));
        table.AddRow("GPUs needed (weights + KV cache)", $"{r.GpusNeeded}");
        table.AddRow("prefill, whole prompt", $"{F(r.PrefillSeconds, "0.000")} s on {r.GpusNeeded} GPU(s) ({F(r.PrefillTflop, "N1")} TFLOP)");
        table.AddRow("decode per output token", $"{F(r.DecodeMsPerToken, "0.00")} ms");
        table.AddRow("$ per query, no prefix cache", $"${F(r.UsdPerQuery, "0.000000")}");
        table.AddRow("$ per query, prefix cached", $"${F(r.UsdPerQueryCached, "0.000000")} after a one-off ${F(r.PrefixFillUsd, "0.000000")} to fill the cache");
        table.AddRow($"total for {r.Queries:N0} queries", $"${F(r.TotalUsd, "0.0000")} without cache, ${F(r.TotalUsdCached, "0.0000")} with");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]Peak FLOP/s and bandwidth, decode batch {serving.Batch}: a lower bound on time and cost (docs/costs.md).[/]");
    }

    private static string Bytes(double bytes)
        => bytes >= 1e12 ? $"{F(bytes / 1e12, "0.00")} TB" : bytes >= 1e9 ? $"{F(bytes / 1e9, "0.00")} GB" : bytes >= 1e6 ? $"{F(bytes / 1e6, "0.00")} MB" : $"{bytes:N0} B";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
