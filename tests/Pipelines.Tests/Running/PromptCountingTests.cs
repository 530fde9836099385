using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Tests.Embeddings;
using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Pipelines.Tests.Running;

/// <summary>A long-context prompt is tokenised once per query: with a window the count is carried into the call, without one it is only counted for usage.</summary>
public sealed class PromptCountingTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static readonly TaskSet Set = TaskSet.Create(
        "tiny",
        TaskKind.Rag,
        [
            new Document("doc1", "Navy", "Ships were sent by the Secretary of the Navy to the coast of Africa."),
            new Document("doc2", "Revenue", "In 1850 the revenue of 4,000,000 dollars was collected at ports."),
        ],
        [new Query("q1", "The address said: \"In 1850 the revenue of ____ dollars was collected at ports.\"", ["4,000,000"], ["doc2"])],
        [],
        "memory");

    [Theory]
    [InlineData(null)]
    [InlineData(100_000)]
    public async Task The_prompt_is_counted_once_per_query(int? contextWindow)
    {
        var counter = new RecordingCounter();
        var call = new ModelCall(new ExtractiveReaderChatClient(fixture.Generator, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn), counter, contextWindow: contextWindow);
        var pipeline = new LongContextPipeline(call, ExtractiveReaderChatClient.ModelId, new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn));

        var output = await pipeline.RunAsync(Set, Set.Queries[0]);
        await pipeline.RunAsync(Set, Set.Queries[0]);

        // Each query's prompt is counted once; the corpus prefix the queries share is counted once per task set.
        Assert.Equal(2, counter.Texts.Count(t => t.Contains("Ships were sent", StringComparison.Ordinal) && t.Contains("revenue of ____", StringComparison.Ordinal)));
        Assert.Equal(1, counter.Texts.Count(t => t.Contains("Ships were sent", StringComparison.Ordinal) && !t.Contains("revenue of ____", StringComparison.Ordinal)));
        var prompt = new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(Set, Set.Corpus, Set.Queries[0]).Text;
        Assert.Equal(new TiktokenCounter().Count(prompt), output.TokenizerInputTokens);
        Assert.Equal(new TiktokenCounter().Count(prompt[..prompt.IndexOf("The address said", StringComparison.Ordinal)]), output.PrefixTokens);
    }

    private sealed class RecordingCounter : ITokenCounter
    {
        private readonly TiktokenCounter inner = new();

        public List<string> Texts { get; } = [];

        public string Name => inner.Name;

        public int Count(string text)
        {
            lock (Texts)
            {
                Texts.Add(text);
            }

            return inner.Count(text);
        }
    }
}
