using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Tests.Embeddings;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Tests.Models;

public sealed class ExtractiveReaderChatClientTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static readonly Document[] Corpus =
    [
        new("doc1", "Navy", "The Navy has been employed in protecting commerce. Ships were sent by the Secretary of the Navy to the coast of Africa."),
        new("doc2", "Revenue", "The revenue from customs rose sharply. In 1850 the revenue of 4,000,000 dollars was collected at ports."),
        new("doc3", "Indians", "Treaties were made with several tribes. Lands west of the river were set apart for them."),
    ];

    private static string Prompt(TaskKind kind, string query)
    {
        var set = TaskSet.Create("t", kind, Corpus, [new Query("q", query, ["x"], ["doc1"])], [], "memory");
        return new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(set, set.Corpus, set.Queries[0]).Text;
    }

    [Fact]
    public async Task Fills_a_blank_from_the_document_that_holds_the_sentence()
    {
        var reader = new ExtractiveReaderChatClient(fixture.Generator, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);

        var response = await reader.GetResponseAsync(Prompt(TaskKind.Rag, "The address said: \"In 1850 the revenue of ____ dollars was collected at ports.\" What fills the blank?"), ReaderOptions.For(TaskKind.Rag));

        Assert.Equal(["4,000,000"], FinalAnswerParser.Parse(response.Text));
        Assert.StartsWith("ID: doc2 | TITLE: Revenue", response.Text);
        Assert.Equal(ExtractiveReaderChatClient.ModelId, response.ModelId);
    }

    [Fact]
    public async Task Ranks_the_most_relevant_document_first_for_retrieval()
    {
        var reader = new ExtractiveReaderChatClient(fixture.Generator, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);

        var response = await reader.GetResponseAsync(Prompt(TaskKind.Retrieval, "Which ships did the navy send to Africa?"), ReaderOptions.For(TaskKind.Retrieval));

        var ids = FinalAnswerParser.Parse(response.Text)!;
        Assert.Equal("doc1", ids[0]);
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public async Task Refuses_prompts_without_a_corpus_and_task_kinds_it_cannot_do()
    {
        var reader = new ExtractiveReaderChatClient(fixture.Generator, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);

        await Assert.ThrowsAsync<NotSupportedException>(() => reader.GetResponseAsync("What is 2 + 2?"));
        var error = await Assert.ThrowsAsync<TaskKindNotSupportedException>(() => reader.GetResponseAsync(Prompt(TaskKind.Rag, "q"), ReaderOptions.For(TaskKind.Sql)));
        Assert.Contains("cannot do task kind 'sql'", error.Message);
    }

    [Fact]
    public void Says_what_it_is_in_its_metadata()
    {
        using var reader = new ExtractiveReaderChatClient(fixture.Generator, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);

        Assert.Equal(ExtractiveReaderChatClient.ModelId, reader.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Contains("not a generative LLM", ExtractiveReaderChatClient.Label);
    }
}
