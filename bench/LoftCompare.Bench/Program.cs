using LoftCompare.Bench;

// dotnet run -c Release --project bench/LoftCompare.Bench -- [all|embeddings|search|bm25|stores] [--datasets DIR] [--postgres URI]
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
