using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Tests.Retrieval;

namespace LoftCompare.Pipelines.Tests.Embeddings;

public sealed class SqliteEmbeddingCacheTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>, IDisposable
{
    private readonly TempDirectory data = new();

    [Fact]
    public async Task Documents_are_embedded_once_per_model_across_cache_instances_and_queries_always_reach_the_model()
    {
        var path = Path.Combine(data.Path, "embeddings.db");
        string[] texts = ["The harvest was abundant.", "Ships sailed to Africa.", "The harvest was abundant."];

        var firstCounter = new CountingEmbeddingGenerator(fixture.Generator);
        var first = await new SqliteEmbeddingCache(firstCounter, path, "m").GenerateAsync(texts);

        var secondCounter = new CountingEmbeddingGenerator(fixture.Generator);
        var secondCache = new SqliteEmbeddingCache(secondCounter, path, "m");
        var second = await secondCache.GenerateAsync(texts);
        await secondCache.GenerateAsync(["Ships sailed to Africa."], EmbeddingInputType.ForQueries());

        var otherModelCounter = new CountingEmbeddingGenerator(fixture.Generator);
        await new SqliteEmbeddingCache(otherModelCounter, path, "another-model").GenerateAsync(texts);

        Assert.Equal(2, firstCounter.TextsEmbedded); // the repeated text once
        Assert.Equal(1, secondCounter.TextsEmbedded); // just the query
        Assert.Equal(3, secondCache.Hits);
        Assert.Equal(2, otherModelCounter.TextsEmbedded);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(first[i].Vector.ToArray(), second[i].Vector.ToArray()));
    }

    public void Dispose() => data.Dispose();
}
