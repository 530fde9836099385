using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Tests.Embeddings;
using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Pipelines.Tests.Running;

public sealed class SelfRoutePipelineTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static readonly TaskSet Set = TaskSet.Create(
        "tiny",
        TaskKind.Rag,
        [
            new Document("navy", "Navy", "Ships were sent by the Secretary of the Navy to the coast of Africa."),
            new Document("revenue", "Revenue", "In 1850 the revenue of 4,000,000 dollars was collected at ports."),
        ],
        [new Query("q1", "The address said: \"In 1850 the revenue of ____ dollars was collected at ports.\"", ["4,000,000"], ["revenue"])],
        [],
        "memory");

    /// <summary>A retriever whose ranking the test decides, so routing can be driven both ways; the reader and long context are real.</summary>
    private sealed class FixedRanking(params string[] ids) : IRetriever
    {
        public string Name => "fixed";

        public Task IndexAsync(IReadOnlyList<Document> corpus, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(IReadOnlyList<Document> corpus, string query, int topK, CancellationToken cancellationToken = default)
            => Task.FromResult<IReadOnlyList<RetrievedDocument>>(ids.Take(topK).Select(id => new RetrievedDocument(corpus.Single(d => d.Id == id), 1)).ToList());
    }

    private SelfRoutePipeline Pipeline(params string[] ranking)
    {
        var call = new ModelCall(new ExtractiveReaderChatClient(fixture.Generator, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn), new TiktokenCounter());
        var longContext = new LongContextPipeline(call, "lc-model", new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn));
        return new SelfRoutePipeline(new FixedRanking(ranking), 1, call, "reader-model", longContext, "lc-model", new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn), LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);
    }

    [Fact]
    public async Task A_query_the_retrieved_passage_cannot_answer_is_declined_and_answered_by_long_context()
    {
        var output = await Pipeline("navy").RunAsync(Set, Set.Queries[0]);

        Assert.Equal("long-context", output.Route);
        Assert.Equal(["4,000,000"], output.ParsedAnswer);
        Assert.Equal(["navy"], output.RetrievedIds);
        // Two calls, each under its own model: the declined reader call, then long context; the row's totals are their sums.
        Assert.Equal(["reader-model", "lc-model"], output.Calls.Select(c => c.ModelId));
        Assert.Equal(output.InputTokens, output.Calls.Sum(c => c.InputTokens));
        Assert.Equal(output.OutputTokens, output.Calls.Sum(c => c.OutputTokens));
        Assert.Equal(output.PrefixTokens, output.Calls.Sum(c => c.PrefixTokens));
        Assert.True(output.Calls[1].PrefixTokens > 0); // the corpus prefix is long context's alone
        Assert.Equal("reader-model→lc-model", Pipeline().ModelIdFor(TaskKind.Rag));
    }

    [Fact]
    public async Task A_query_the_retrieved_passage_answers_stays_on_rag()
    {
        var output = await Pipeline("revenue").RunAsync(Set, Set.Queries[0]);

        Assert.Equal("rag", output.Route);
        Assert.Equal("reader-model", Assert.Single(output.Calls).ModelId);
        Assert.Equal(["4,000,000"], output.ParsedAnswer);
    }

    [Fact]
    public void Only_self_route_prompts_allow_unanswerable()
    {
        var format = new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);

        Assert.Contains(LoftPromptFormat.UnanswerableInstruction, format.Build(Set, Set.Corpus, Set.Queries[0], allowUnanswerable: true).Text);
        Assert.DoesNotContain("unanswerable", format.Build(Set, Set.Corpus, Set.Queries[0]).Text);
    }
}
