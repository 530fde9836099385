using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Tests.Prompts;

/// <summary>Prompt formats as Semantic Kernel templates: a team's own prompt, without C#.</summary>
public sealed class TemplatePromptFormatTests
{
    /// <summary>LOFT's corpus-in-context prompt written as a template, from its published parts.</summary>
    public const string LoftAsTemplate = "{{$instructions}}\n\n{{$corpus}}\n\n{{$examples}}\n====== Now let's start! ======\n{{$query}}";

    private static async Task<TaskSet> ShippedAsync(string family, TaskKind? kind = null)
        => await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Path.Combine(AppContext.BaseDirectory, "datasets", family, "sotu", "32k"), Kind: kind, MaxQueries: 5));

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // Self-Route's first leg, allowed to decline
    public async Task A_template_equivalent_of_the_loft_format_renders_the_same_prompt_byte_for_byte(bool allowUnanswerable)
    {
        var set = await ShippedAsync("rag");
        Assert.NotEmpty(set.FewShot);
        var template = new TemplatePromptFormat("loft-template", new PromptTemplateSettings { Template = LoftAsTemplate }, LoftAsTemplate, new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn), LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);
        var loft = new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);

        foreach (var query in set.Queries)
        {
            Assert.Equal(loft.Build(set, set.Corpus, query, allowUnanswerable).Text, template.Build(set, set.Corpus, query, allowUnanswerable).Text);
            Assert.Equal(loft.Build(set, set.Corpus.Take(5).ToList(), query).Text, template.Build(set, set.Corpus.Take(5).ToList(), query).Text); // RAG's top-k
        }
    }

    [Fact]
    public async Task A_teams_own_template_shapes_the_prompt_and_its_answers_are_read_by_the_chosen_parser()
    {
        var set = await ShippedAsync("rag");
        var settings = new PromptTemplateSettings
        {
            Document = "[{{$index}}] {{$title}}: {{$text}}",
            Example = "Q: {{$query}}\nA: {{$answer}}",
        };
        const string Prompt = "Context:\n{{$corpus}}\n\nExamples:\n{{$examples}}\n\nQuestion: {{$query_text}}\nAnswer with Final Answer: ['...'].";
        var format = new TemplatePromptFormat("ours", settings, Prompt, new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn), LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn);

        var prompt = format.Build(set, set.Corpus.Take(2).ToList(), set.Queries[0]).Text;

        Assert.StartsWith($"Context:\n[1] {set.Corpus[0].Title}: ", prompt);
        Assert.Contains($"\n[2] {set.Corpus[1].Title}: ", prompt);
        Assert.EndsWith($"Question: {set.Queries[0].Text.ReplaceLineEndings(" ")}\nAnswer with Final Answer: ['...'].", prompt);
        Assert.DoesNotContain("&quot;", prompt); // dataset text goes in as it is, not HTML-escaped

        // A document's index is its place in this prompt: the same passage second in another prompt is [2] there.
        var reordered = format.Build(set, [set.Corpus[1], set.Corpus[0]], set.Queries[0]).Text;
        Assert.StartsWith($"Context:\n[1] {set.Corpus[1].Title}: ", reordered);
        Assert.Contains($"\n[2] {set.Corpus[0].Title}: ", reordered);
        Assert.Equal(["1850"], format.Parse(TaskKind.Rag, "reasoning...\nFinal Answer: ['1850']"));
    }

    [Fact]
    public void A_template_that_calls_a_function_is_refused_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => new TemplatePromptFormat("bad", new PromptTemplateSettings { Document = "{{summarize $text}}" }, "{{$corpus}}", new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn), LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn));
        Assert.Contains("prompt template 'bad': field 'document'", error.Message);
    }
}
