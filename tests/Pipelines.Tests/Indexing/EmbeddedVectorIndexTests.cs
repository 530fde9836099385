using System.Numerics.Tensors;
using LoftCompare.Pipelines.Indexing;

namespace LoftCompare.Pipelines.Tests.Indexing;

public sealed class EmbeddedVectorIndexTests
{
    private static float[] RandomUnitVector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public async Task Top_k_matches_a_brute_force_scan_on_random_vectors(int topK)
    {
        var random = new Random(42);
        var index = new EmbeddedVectorIndex();
        await index.EnsureCollectionAsync("c", 384);
        var vectors = Enumerable.Range(0, 2_000).Select(_ => RandomUnitVector(random, 384)).ToArray();
        await index.UpsertAsync("c", vectors.Select((v, i) => new VectorRecord($"d{i}", v)).ToList());

        for (var q = 0; q < 20; q++)
        {
            var query = RandomUnitVector(random, 384);
            var expected = vectors
                .Select((v, i) => (Id: $"d{i}", Score: vectors[i].Zip(query, (a, b) => (double)a * b).Sum()))
                .OrderByDescending(h => h.Score)
                .Take(topK)
                .ToList();

            var hits = await index.SearchAsync("c", query, topK);

            Assert.Equal(expected.Select(h => h.Id), hits.Select(h => h.Id));
            Assert.All(hits.Zip(expected), pair => Assert.Equal(pair.Second.Score, pair.First.Score, 4));
        }
    }

    [Fact]
    public async Task Upserting_an_existing_id_replaces_its_vector_instead_of_adding_a_row()
    {
        var index = new EmbeddedVectorIndex();
        await index.EnsureCollectionAsync("c", 2);
        await index.UpsertAsync("c", [new VectorRecord("a", new[] { 1f, 0f }), new VectorRecord("b", new[] { 0f, 1f })]);
        await index.UpsertAsync("c", [new VectorRecord("a", new[] { 0f, 1f })]);

        var hits = await index.SearchAsync("c", new[] { 0f, 1f }, 5);

        Assert.Equal(2, await index.EnsureCollectionAsync("c", 2));
        Assert.Equal(["a", "b"], hits.Select(h => h.Id)); // equal scores keep insertion order
        Assert.All(hits, h => Assert.Equal(1f, h.Score));
    }

    [Fact]
    public async Task Dimension_mismatches_and_missing_collections_are_refused_with_a_reason()
    {
        var index = new EmbeddedVectorIndex();
        await index.EnsureCollectionAsync("c", 3);

        Assert.Contains("holds 3-dimension vectors, not 4", (await Assert.ThrowsAsync<InvalidOperationException>(() => index.EnsureCollectionAsync("c", 4))).Message);
        Assert.Contains("has 2 dimensions, not 3", (await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync("c", [new VectorRecord("a", new[] { 1f, 0f })]))).Message);
        Assert.Contains("does not exist", (await Assert.ThrowsAsync<InvalidOperationException>(() => index.SearchAsync("missing", new[] { 1f }, 1))).Message);
    }
}
