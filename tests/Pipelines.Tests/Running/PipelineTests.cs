using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Tests.Embeddings;
using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Pipelines.Tests.Running;

public sealed class PipelineTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static readonly TaskSet Set = TaskSet.Create(
        "tiny",
        TaskKind.Rag,
        [
            new Document("doc1", "Navy", "Ships were sent by the Secretary of the Navy to the coast of Africa."),
            new Document("doc2", "Revenue", "In 1850 the revenue of 4,000,000 dollars was collected at ports."),
            new Document("doc3", "Indians", "Lands west of the river were set apart for the tribes."),
        ],
        [new Query("q1", "The address said: \"In 1850 the revenue of ____ dollars was collected at ports.\"", ["4,000,000"], ["doc2"])],
        [],
        "memory");

    private (RagPipeline Rag, LongContextPipeline LongContext, TiktokenCounter Tokens) Build(int topK)
    {
        var tokens = new TiktokenCounter();
        var reader = new ModelCall(new ExtractiveReaderChatClient(fixture.Generator, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn), tokens);
        var retriever = new DenseRetriever(fixture.Generator, new EmbeddedVectorIndex(), BertOnnxModel.MiniLmName);
        return (new RagPipeline(retriever, topK, reader, ExtractiveReaderChatClient.ModelId, new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn), LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn),
            new LongContextPipeline(reader, ExtractiveReaderChatClient.ModelId, new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn)),
            tokens);
    }

    [Fact]
    public async Task Rag_reads_only_the_top_k_documents_and_long_context_reads_them_all()
    {
        var (rag, longContext, _) = Build(topK: 1);
        await rag.PrepareAsync(Set);

        var ragOutput = await rag.RunAsync(Set, Set.Queries[0]);
        var lcOutput = await longContext.RunAsync(Set, Set.Queries[0]);

        Assert.Equal(["doc2"], ragOutput.RetrievedIds);
        Assert.Equal(["4,000,000"], ragOutput.ParsedAnswer);
        Assert.Equal(["4,000,000"], lcOutput.ParsedAnswer);
        Assert.Empty(lcOutput.RetrievedIds);
        Assert.True(lcOutput.InputTokens > ragOutput.InputTokens, $"LC {lcOutput.InputTokens} vs RAG {ragOutput.InputTokens} tokens");
        Assert.True(ragOutput.RetrievalMs > 0 && ragOutput.ModelMs > 0 && ragOutput.TotalMs >= ragOutput.RetrievalMs + ragOutput.ModelMs);
    }

    [Fact]
    public async Task Token_counts_are_the_tokenizer_count_of_the_prompt_actually_sent()
    {
        var (_, longContext, tokens) = Build(topK: 1);

        var output = await longContext.RunAsync(Set, Set.Queries[0]);

        var prompt = new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(Set, Set.Corpus, Set.Queries[0]).Text;
        Assert.Equal(tokens.Count(prompt), output.InputTokens);
        Assert.Equal(tokens.Count(output.RawOutput), output.OutputTokens);
    }

    [Fact]
    public async Task On_retrieval_tasks_rag_returns_the_retriever_ranking_without_calling_a_model()
    {
        var (rag, _, _) = Build(topK: 3);
        var retrieval = Set with { Kind = TaskKind.Retrieval };
        await rag.PrepareAsync(retrieval);

        var output = await rag.RunAsync(retrieval, retrieval.Queries[0]);

        Assert.Equal("dense:all-MiniLM-L6-v2", rag.ModelIdFor(TaskKind.Retrieval));
        Assert.Equal(3, output.ParsedAnswer!.Count);
        Assert.Equal("doc2", output.ParsedAnswer[0]);
        Assert.Equal((0, 0.0), (output.InputTokens, output.ModelMs));
    }
}
