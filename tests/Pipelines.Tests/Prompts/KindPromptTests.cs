using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Tests.Embeddings;
using LoftCompare.Pipelines.Tests.Models;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Tests.Prompts;

public sealed class KindPromptTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static readonly LoftPromptFormat Format = new(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);

    [Theory]
    [InlineData("Final Answer: [[\"Stark's Park\", 1], [\"Somerset Park\", 2]]", new[] { "[\"Stark's Park\",\"1\"]", "[\"Somerset Park\",\"2\"]" })]
    [InlineData("Final Answer: [[6]]", new[] { "[\"6\"]" })]
    [InlineData("Final Answer: ['a', 'b']", new[] { "a", "b" })]
    public void Nested_lists_parse_to_one_json_row_per_item(string output, string[] expected)
        => Assert.Equal(expected, FinalAnswerParser.Parse(output));

    [Fact]
    public void Icl_prompts_put_demonstrations_first_and_read_back_with_their_labels()
    {
        var set = TaskSet.Create("icl", TaskKind.Icl, [new Document("0", "spam", "Subject: Win\nCash now\n\nfree"), new Document("1", "ham", "Subject: Lunch\nSee you at noon")], [new Query("q", "Subject: Prize\nYou won", ["spam"], [])], [], "memory");

        var prompt = Format.Build(set, set.Corpus, set.Queries[0]).Text;
        var (demonstrations, input) = IclPromptReader.Read(prompt);

        Assert.Equal([("Subject: Win\nCash now\nfree", "spam"), ("Subject: Lunch\nSee you at noon", "ham")], demonstrations);
        Assert.Equal("Subject: Prize\nYou won", input);
        Assert.True(prompt.IndexOf("Cash now", StringComparison.Ordinal) < prompt.IndexOf("You won", StringComparison.Ordinal));
        Assert.Equal(["spam"], Format.Parse(TaskKind.Icl, "Output: ['spam']"));
        Assert.Equal(["(D)"], Format.Parse(TaskKind.Icl, "Reasoning...\nOutput: (D)"));
    }

    [Fact]
    public void Rerank_and_citation_few_shots_show_their_gold_in_the_answer_format()
    {
        var corpus = new List<Document> { new("d1", "A", "alpha"), new("d2", "B", "beta") };
        var rerank = TaskSet.Create("r", TaskKind.Rerank, corpus, [new Query("q", "which?", [], ["d1"])], [new Query("f", "beta?", [], ["d1", "d2"]) { Relevance = new Dictionary<string, int> { ["d1"] = 1, ["d2"] = 2 } }], "memory");
        var citation = TaskSet.Create("c", TaskKind.Citation, corpus, [new Query("q", "which?", ["a"], ["d1"])], [new Query("f", "beta?", ["beta"], ["d2"])], "memory");

        Assert.Contains("Final Answer: [d2, d1]", Format.Build(rerank, corpus, rerank.Queries[0]).Text);
        Assert.Contains("Final Answer: ['beta [d2]']", Format.Build(citation, corpus, citation.Queries[0]).Text);
    }

    [Fact]
    public async Task The_extractive_reader_labels_shipped_spam_inputs_by_nearest_demonstrations()
    {
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Path.Combine(AppContext.BaseDirectory, "datasets", "icl", "spam", "8k")));
        var reader = new ExtractiveReaderChatClient(new InMemoryEmbeddingCache(fixture.Generator), LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);
        var options = ReaderOptions.For(TaskKind.Icl);

        var correct = 0;
        foreach (var query in set.Queries.Take(20))
        {
            var response = await reader.GetResponseAsync([new ChatMessage(ChatRole.User, Format.Build(set, set.Corpus, query).Text)], options);
            var label = Assert.Single(Format.Parse(TaskKind.Icl, response.Text)!);
            Assert.Contains(label, new[] { "spam", "ham" });
            correct += label == query.Answers[0] ? 1 : 0;
        }

        Assert.True(correct >= 14, $"{correct}/20 correct; nearest-neighbour labelling should beat chance clearly");
    }

    [Fact]
    public async Task The_extractive_reader_cites_the_document_its_sentence_comes_from_and_declines_sql()
    {
        var corpus = new List<Document> { new("d1", "Navy", "Ships were sent to the coast of Africa."), new("d2", "Revenue", "In 1850 the revenue of 4,000,000 dollars was collected at ports.") };
        var set = TaskSet.Create("c", TaskKind.Citation, corpus, [new Query("q", "The address said: \"In 1850 the revenue of ____ dollars was collected at ports.\"", ["4,000,000"], ["d2"])], [], "memory");
        var reader = new ExtractiveReaderChatClient(fixture.Generator, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);

        var response = await reader.GetResponseAsync([new ChatMessage(ChatRole.User, Format.Build(set, corpus, set.Queries[0]).Text)], ReaderOptions.For(TaskKind.Citation));

        Assert.Equal(["In 1850 the revenue of 4,000,000 dollars was collected at ports. [d2]"], Format.Parse(TaskKind.Citation, response.Text));
        var declined = await Assert.ThrowsAsync<TaskKindNotSupportedException>(() => reader.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], ReaderOptions.For(TaskKind.Sql)));
        Assert.Contains("cannot do task kind 'sql'", declined.Message);
    }
}
