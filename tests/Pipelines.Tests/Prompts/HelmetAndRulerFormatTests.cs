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

public sealed class HelmetAndRulerFormatTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static readonly HelmetPromptFormat Helmet = new(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);
    private static readonly RulerPromptFormat Ruler = new(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);
    private static readonly List<Document> Corpus = [new("d1", "Navy", "Ships were sent to the coast of Africa."), new("d2", "Revenue", "In 1850 the revenue of 4,000,000 dollars was collected at ports.")];

    private static TaskSet Set(TaskKind kind, IReadOnlyList<Query>? fewShot = null, string name = "tiny")
        => TaskSet.Create(name, kind, Corpus, [new Query("q", "How much revenue was collected in 1850?", ["4,000,000"], ["d2"])], fewShot ?? [], "memory");

    [Fact]
    public void Helmet_rag_puts_titled_documents_first_and_the_question_last_with_the_answer_prefix()
    {
        var set = Set(TaskKind.Rag, [new Query("f", "Where were ships sent?", ["Africa"], ["d1"])]);

        var prompt = Helmet.Build(set, Corpus, set.Queries[0]).Text;

        Assert.Contains("Answer: [answer]", prompt);
        Assert.Contains("Document (Title: Navy): Ships were sent to the coast of Africa.\n\nQuestion: Where were ships sent?\nAnswer: Africa", prompt); // few-shot with its gold document
        Assert.EndsWith("Document (Title: Revenue): In 1850 the revenue of 4,000,000 dollars was collected at ports.\n\nQuestion: How much revenue was collected in 1850?\nAnswer:", prompt);
        Assert.Equal(["4,000,000 dollars"], Helmet.Parse(TaskKind.Rag, "Let me see.\nAnswer: 4,000,000 dollars"));
    }

    [Fact]
    public void Helmet_rerank_citation_icl_and_recall_follow_their_published_shapes()
    {
        var rerank = Helmet.Build(Set(TaskKind.Rerank), Corpus, Set(TaskKind.Rerank).Queries[0]);
        Assert.Contains("[ID: d1] Document (Title: Navy): Ships", rerank.Text);
        Assert.EndsWith("Query: How much revenue was collected in 1850?\nRanking:", rerank.Text);
        Assert.Equal(["d2", "d1"], Helmet.Parse(TaskKind.Rerank, " d2 > d1", rerank));

        var cite = Helmet.Build(Set(TaskKind.Citation), Corpus, Set(TaskKind.Citation).Queries[0]);
        Assert.Contains("Document [1](Title: Navy): Ships", cite.Text);
        Assert.Contains("Document [2](Title: Revenue): In 1850", cite.Text);
        Assert.Equal(["The revenue was 4,000,000 dollars [d2]. Ships went to Africa [d1][d2]."], Helmet.Parse(TaskKind.Citation, "Answer: The revenue was 4,000,000 dollars [2]. Ships went to Africa [1][2].", cite));

        var icl = TaskSet.Create("icl", TaskKind.Icl, [new Document("0", "spam", "Win cash"), new Document("1", "ham", "Lunch at noon")], [new Query("q", "Cash prize", ["spam"], [])], [], "memory");
        var iclPrompt = Helmet.Build(icl, icl.Corpus, icl.Queries[0]).Text;
        Assert.Contains("Win cash\nlabel: spam\n\nLunch at noon\nlabel: ham", iclPrompt);
        Assert.EndsWith("Cash prize\nlabel:", iclPrompt);
        Assert.Equal(["spam"], Helmet.Parse(TaskKind.Icl, " spam\n"));

        Assert.Equal(["The value is 123."], Helmet.Parse(TaskKind.Recall, "The value is 123."));
        Assert.StartsWith("Ships were sent", Helmet.Build(Set(TaskKind.Recall), Corpus, Set(TaskKind.Recall).Queries[0]).Text);
    }

    [Fact]
    public void Retrieval_and_sql_have_no_helmet_prompt_and_use_loft()
        => Assert.Equal(new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(Set(TaskKind.Retrieval), Corpus, Set(TaskKind.Retrieval).Queries[0]).Text, Helmet.Build(Set(TaskKind.Retrieval), Corpus, Set(TaskKind.Retrieval).Queries[0]).Text);

    [Theory]
    [InlineData("niah_multivalue/4k", "What are all the special magic numbers for brave-harbor mentioned in the provided text?", "The special magic numbers for brave-harbor mentioned in the provided text are")]
    [InlineData("niah_single_2/4k", "What is the special magic number for brave-harbor mentioned in the provided text?", "The special magic number for brave-harbor mentioned in the provided text is")]
    [InlineData("vt/4k", "Find every variable that is assigned the value 12345 in the text above, directly or through other variables.", "2 variables are assigned the value 12345, they are:")]
    [InlineData("cwe/4k", "What are the 10 most common words in the list above?", "The top 2 words that appear most often in the list are:")]
    [InlineData("fwe/4k", "Ignoring the dots '....', what are the three most frequently appearing coded words in the text above?", "the three most frequently appearing words are:")]
    [InlineData("qa_1/4k", "Who spoke?", "Question: Who spoke?\nAnswer:")]
    public void Ruler_templates_end_with_the_tasks_answer_prefix(string dataset, string question, string ending)
    {
        var set = TaskSet.Create(dataset, TaskKind.Recall, Corpus, [new Query("q", question, ["a", "b"], ["d1"])], [], "memory");

        var prompt = Ruler.Build(set, Corpus, set.Queries[0]).Text;

        Assert.EndsWith(ending, prompt);
        Assert.True(prompt.IndexOf("Ships were sent", StringComparison.Ordinal) < prompt.IndexOf(question, StringComparison.Ordinal), "context before the question");
        Assert.Equal(["anything the model says"], Ruler.Parse(TaskKind.Recall, " anything the model says "));
    }

    [Fact]
    public async Task The_extractive_reader_answers_helmet_and_ruler_prompts_in_their_style()
    {
        var reader = new ExtractiveReaderChatClient(new InMemoryEmbeddingCache(fixture.Generator), LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);
        async Task<string> Ask(TaskKind kind, string prompt)
            => (await reader.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], ReaderOptions.For(kind))).Text;

        var cloze = new Query("q", "The address said: \"In 1850 the revenue of ____ dollars was collected at ports.\"", ["4,000,000"], ["d2"]);
        var rag = TaskSet.Create("t", TaskKind.Rag, Corpus, [cloze], [], "memory");
        Assert.Equal(["4,000,000"], Helmet.Parse(TaskKind.Rag, await Ask(TaskKind.Rag, Helmet.Build(rag, Corpus, cloze).Text)));

        var cite = TaskSet.Create("t", TaskKind.Citation, Corpus, [cloze], [], "memory");
        var citePrompt = Helmet.Build(cite, Corpus, cloze);
        Assert.Equal(["In 1850 the revenue of 4,000,000 dollars was collected at ports. [d2]"], Helmet.Parse(TaskKind.Citation, await Ask(TaskKind.Citation, citePrompt.Text), citePrompt));

        var rerank = TaskSet.Create("t", TaskKind.Rerank, Corpus, [cloze], [], "memory");
        Assert.Equal("d2", Helmet.Parse(TaskKind.Rerank, await Ask(TaskKind.Rerank, Helmet.Build(rerank, Corpus, cloze).Text))![0]);

        var niah = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Path.Combine(AppContext.BaseDirectory, "datasets", "rag", "sotu", "32k")) with { MaxQueries = 1 });
        var needle = new Document("n1", string.Empty, "One of the special magic numbers for brave-harbor is: 8675309.");
        var haystack = niah.Corpus.Take(6).Append(needle).Concat(niah.Corpus.Skip(6).Take(6)).ToList();
        var ask = new Query("q", "What is the special magic number for brave-harbor mentioned in the provided text?", ["8675309"], ["n1"]);
        var recall = TaskSet.Create("niah_single_2/4k", TaskKind.Recall, haystack, [ask], [], "memory");
        Assert.Contains("8675309", await Ask(TaskKind.Recall, Ruler.Build(recall, haystack, ask).Text));
    }
}
