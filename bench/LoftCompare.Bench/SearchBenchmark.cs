using System.Numerics.Tensors;
using LoftCompare.Pipelines.Indexing;

namespace LoftCompare.Bench;

/// <summary>
/// Exact top-10 search in the embedded index against a naive baseline (scalar dot products, full sort), at 10k and 100k
/// vectors of 384 floats, with the memory-bandwidth floor measured in the same process.
/// </summary>
public static class SearchBenchmark
{
    private const int Dimensions = 384;
    private const int Queries = 50;

    public static async Task RunAsync()
    {
        var bandwidth = MeasureReadBandwidth();
        Console.WriteLine($"## Exact search, top-10, {Dimensions} dimensions ({Queries} queries; read bandwidth measured here: {bandwidth / 1e9:0.0} GB/s, one thread)");
        Console.WriteLine();
        Console.WriteLine("| vectors | index (queries/s) | naive loop (queries/s) | index / naive | bytes per query | bandwidth floor (queries/s) | index / floor |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var count in new[] { 10_000, 100_000 })
        {
            var random = new Random(count);
            var vectors = Enumerable.Range(0, count).Select(_ => UnitVector(random)).ToArray();
            var queries = Enumerable.Range(0, Queries).Select(_ => UnitVector(random)).ToArray();
            var index = new EmbeddedVectorIndex();
            await index.EnsureCollectionAsync("bench", Dimensions);
            await index.UpsertAsync("bench", vectors.Select((v, i) => new VectorRecord($"d{i}", v)).ToList());

            var indexTime = Measurement.Median(() =>
            {
                foreach (var query in queries)
                {
                    index.SearchAsync("bench", query, 10).GetAwaiter().GetResult();
                }
            });
            var naiveTime = Measurement.Median(() =>
            {
                foreach (var query in queries)
                {
                    NaiveTopK(vectors, query, 10);
                }
            }, repetitions: 3);

            var bytes = (double)count * Dimensions * sizeof(float);
            var floor = bandwidth / bytes;
            var indexQps = Queries / indexTime.TotalSeconds;
            var naiveQps = Queries / naiveTime.TotalSeconds;
            Console.WriteLine($"| {count:N0} | {indexQps:N0} | {naiveQps:N0} | {indexQps / naiveQps:0.0}× | {bytes / 1e6:0.0} MB | {floor:N0} | {indexQps / floor:0.00} |");
        }

        Console.WriteLine();
        await FilteredAsync();
    }

    /// <summary>
    /// HELMET scale: 100k passages pooled across queries, each query searching only its own ~1k-passage context — one
    /// filtered search against the old way (the full search asked for more until k of the context are found).
    /// </summary>
    private static async Task FilteredAsync()
    {
        const int passages = 100_000;
        const int context = 1_000;
        var random = new Random(5);
        var index = new EmbeddedVectorIndex();
        await index.EnsureCollectionAsync("helmet", Dimensions);
        await index.UpsertAsync("helmet", Enumerable.Range(0, passages).Select(i => new VectorRecord($"p{i}", UnitVector(random))).ToList());
        var queries = Enumerable.Range(0, Queries).Select(_ => (Vector: UnitVector(random), Context: (IReadOnlySet<string>)Enumerable.Range(0, context).Select(_ => $"p{random.Next(passages)}").ToHashSet())).ToList();

        var filtered = Measurement.Median(() =>
        {
            foreach (var (vector, allowed) in queries)
            {
                index.SearchWithinAsync("helmet", vector, 10, allowed).GetAwaiter().GetResult();
            }
        }, repetitions: 3);
        var widening = Measurement.Median(() =>
        {
            foreach (var (vector, allowed) in queries)
            {
                for (var asked = 40; ; asked *= 2)
                {
                    var hits = index.SearchAsync("helmet", vector, Math.Min(asked, passages)).GetAwaiter().GetResult();
                    if (hits.Count(h => allowed.Contains(h.DocumentId)) >= 10 || asked >= passages)
                    {
                        break;
                    }
                }
            }
        }, repetitions: 3);
        Console.WriteLine($"## Retrieval inside a query's own context ({passages:N0} passages, contexts of {context:N0}, top-10, {Queries} queries)");
        Console.WriteLine();
        Console.WriteLine("| method | ms per query |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| one filtered search (rows of the context only) | {filtered.TotalMilliseconds / Queries:0.000} |");
        Console.WriteLine($"| full search, widened until 10 of the context are found (before) | {widening.TotalMilliseconds / Queries:0.000} |");
        Console.WriteLine();
    }

    /// <summary>The baseline a first attempt would write: a scalar loop per vector and a sort of every score.</summary>
    private static List<int> NaiveTopK(float[][] vectors, float[] query, int k)
    {
        var scores = new List<(float Score, int Index)>(vectors.Length);
        for (var i = 0; i < vectors.Length; i++)
        {
            var dot = 0f;
            for (var j = 0; j < query.Length; j++)
            {
                dot += vectors[i][j] * query[j];
            }

            scores.Add((dot, i));
        }

        return scores.OrderByDescending(s => s.Score).Take(k).Select(s => s.Index).ToList();
    }

    /// <summary>Single-threaded sequential read rate over an array far larger than the caches.</summary>
    private static double MeasureReadBandwidth()
    {
        var data = new float[256 * 1024 * 1024 / sizeof(float)];
        Array.Fill(data, 1f);
        var sink = 0f;
        var time = Measurement.Median(() => sink += TensorPrimitives.Sum(data));
        GC.KeepAlive(sink);
        return data.Length * sizeof(float) / time.TotalSeconds;
    }

    private static float[] UnitVector(Random random)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
