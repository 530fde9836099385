using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Tests.Kinds;

/// <summary>Every profile is internally consistent: a few-shot answer written by it is read back by its own format, and every format can prompt it.</summary>
public sealed class TaskKindProfilesTests
{
    public static TheoryData<string> Kinds() => [.. TaskKindProfiles.BuiltIn.Kinds.Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_profiles_example_answer_reads_back_as_gold_and_every_format_prompts_the_kind(string name)
    {
        var kinds = TaskKindProfiles.BuiltIn;
        var profile = kinds[kinds.Parse(name)];
        var example = ExampleFor(profile.Kind);
        var written = $"{profile.Loft.AnswerMarker} {profile.Loft.ExampleAnswer(example)}";

        var read = new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Parse(profile.Kind, written);

        // The few-shot answer teaches a shape the parser reads back: gold items (a kind may show only some, e.g. the top one).
        Assert.NotEmpty(read!);
        Assert.Subset(Gold(profile.Kind, example).ToHashSet(), read!.ToHashSet());
        foreach (var format in PromptFormats.Names)
        {
            var set = TaskSet.Create("t/4k", profile.Kind, [new Document("d1", "Kansas", "Topeka is the capital of Kansas."), new Document("d2", "Ohio", "Columbus is the capital of Ohio.")], [example], [], "memory");
            var prompt = PromptFormats.Create(format, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(set, set.Corpus, example);
            Assert.Contains("Kansas", prompt.Text);
            Assert.Equal(["d1", "d2"], prompt.DocumentIds);
        }
    }

    [Fact]
    public void An_unknown_kind_is_refused_by_name_and_a_plug_in_kind_replaces_none_of_the_built_in_ones()
    {
        var custom = new TaskKindProfile(new TaskKind("custom", KindGold.Answers, "a team's kind"), TaskKindProfiles.BuiltIn[TaskKind.Rag].Loft);
        var kinds = TaskKindProfiles.BuiltIn.With(custom);

        var refused = Assert.Throws<TaskKindNotSupportedException>(() => TaskKindProfiles.BuiltIn[custom.Kind]);
        Assert.Contains("No profile is registered for task kind 'custom'", refused.Message);
        Assert.Equal(TaskKindProfiles.BuiltIn.Kinds.Count + 1, kinds.Kinds.Count);
        Assert.True(kinds.TryParse(" CUSTOM ", out var parsed) && parsed == custom.Kind);
        Assert.True(kinds.TryParse("re-rank", out var alias) && alias == TaskKind.Rerank);
        Assert.Contains("use one of retrieval, rag", Assert.Throws<ArgumentException>(() => kinds.Parse("ranking")).Message);
    }

    [Theory]
    [InlineData("quote source")]
    [InlineData("rag/v2")]
    [InlineData("räg")]
    public void A_kind_name_that_could_not_be_written_in_a_suite_or_a_folder_name_is_refused(string name)
        => Assert.Contains("lower-case letters, digits and hyphens", Assert.Throws<ArgumentException>(() => new TaskKind(name, KindGold.Answers, "x")).Message);

    private static Query ExampleFor(TaskKind kind) => kind.Gold switch
    {
        KindGold.Rows => new Query("e", "What is the capital of Kansas?", [], []) { Rows = [["Topeka", "1"]] },
        KindGold.Documents or KindGold.GradedDocuments => new Query("e", "Kansas capital", [], ["d1", "d2"]) { Relevance = new Dictionary<string, int> { ["d1"] = 2, ["d2"] = 1 } },
        _ => new Query("e", "What is the capital of Kansas?", ["Topeka"], ["d1"]),
    };

    /// <summary>What the metric should read back: ids, rows as JSON arrays, or the answer (a citation: with its cited id).</summary>
    private static IReadOnlyList<string> Gold(TaskKind kind, Query example) => kind.Gold switch
    {
        KindGold.Rows => ["[\"Topeka\",\"1\"]"],
        KindGold.Documents or KindGold.GradedDocuments => example.GoldDocIds,
        _ when kind == TaskKind.Citation => ["Topeka [d1]"],
        _ => example.Answers,
    };
}
