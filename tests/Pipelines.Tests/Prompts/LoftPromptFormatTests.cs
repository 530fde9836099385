using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Tests.Prompts;

public sealed class LoftPromptFormatTests
{
    private static readonly TaskSet Set = TaskSet.Create(
        "tiny",
        TaskKind.Rag,
        [new Document("doc1", "Harvests", "The abundant fruits\nof another year."), new Document("doc2", "Commerce", "A flourishing commerce.")],
        [new Query("q1", "What flourished?", ["commerce"], ["doc2"])],
        [new Query("f1", "What was abundant?", ["fruits"], ["doc1"])],
        "memory");

    [Fact]
    public void Puts_instructions_then_corpus_then_few_shot_then_the_query_last()
    {
        var prompt = new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(Set, Set.Corpus, Set.Queries[0]).Text;

        var corpusAt = prompt.IndexOf("ID: doc1 | TITLE: Harvests | CONTENT: The abundant fruits of another year. | END ID: doc1\n", StringComparison.Ordinal);
        var exampleAt = prompt.IndexOf("====== Example 1 ======", StringComparison.Ordinal);
        var startAt = prompt.IndexOf("====== Now let's start! ======", StringComparison.Ordinal);
        Assert.True(corpusAt > 0 && corpusAt < exampleAt && exampleAt < startAt, prompt);
        Assert.Contains("ID: doc1 | TITLE: Harvests\nFinal Answer: ['fruits']", prompt);
        Assert.EndsWith("query: What flourished?", prompt);
    }

    [Fact]
    public void A_reader_gets_back_exactly_the_documents_and_query_that_were_written()
    {
        var prompt = new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(Set, Set.Corpus, Set.Queries[0]).Text;

        var documents = LoftPromptReader.Documents(prompt);

        Assert.Equal(["doc1", "doc2"], documents.Select(d => d.Id));
        Assert.Equal("The abundant fruits of another year.", documents[0].Text); // newlines flattened, one document per line
        Assert.Equal("What flourished?", LoftPromptReader.Query(prompt));
    }

    [Fact]
    public void Retrieval_few_shot_answers_are_unquoted_ids()
    {
        var retrieval = Set with { Kind = TaskKind.Retrieval };

        var prompt = new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(retrieval, retrieval.Corpus, retrieval.Queries[0]).Text;

        Assert.Contains("Final Answer: [doc1]", prompt);
        Assert.Contains("format the IDs into a list", prompt);
    }
}
