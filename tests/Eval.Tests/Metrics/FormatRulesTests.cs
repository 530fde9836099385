using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Scoring;
using LoftCompare.Eval.Statistics;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Eval.Tests.Metrics;

/// <summary>Metrics keyed on (task kind, prompt format): each format's outputs are scored as its own harness scores them.</summary>
public sealed class FormatRulesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("format-rules-").FullName;

    [Fact]
    public void Capped_recall_divides_by_k_when_there_are_more_gold_ids_than_k_as_loft_does()
    {
        string[] gold = ["a", "b", "c"];
        Assert.Equal(1.0 / 3, RetrievalMetrics.RecallAtK(gold, ["a", "x"], 1), 12);
        Assert.Equal(1.0, RetrievalMetrics.CappedRecallAtK(gold, ["a", "x"], 1));
        Assert.Equal(0.0, RetrievalMetrics.CappedRecallAtK(gold, ["x", "a"], 1));
        Assert.Equal(0.5, RetrievalMetrics.CappedRecallAtK(["a", "b"], ["a", "x"], 2)); // |gold| ≤ k: plain recall
        var scores = new RetrievalMetric().Score(new Query("q", "t", [], gold), ["b"]);
        Assert.Equal((1.0, 1.0 / 3), (scores["capped_recall@1"], scores["recall@1"]));
    }

    [Fact]
    public void The_registry_picks_the_formats_own_metric_and_falls_back_to_the_kinds()
    {
        var registry = MetricRegistry.BuiltIn();
        Assert.IsType<HelmetRagMetric>(registry.For(TaskKind.Rag, promptFormat: "helmet"));
        Assert.IsType<RagMetric>(registry.For(TaskKind.Rag, promptFormat: "loft"));
        Assert.IsType<RagMetric>(registry.For(TaskKind.Rag));
        Assert.IsType<RulerRecallMetric>(registry.For(TaskKind.Recall, promptFormat: "RULER"));
        Assert.IsType<RetrievalMetric>(registry.For(TaskKind.Retrieval, promptFormat: "helmet"));
        Assert.Equal(("HELMET", "LOFT", "RULER"), (registry.OriginOf("substring_exact_match"), registry.OriginOf("subspan_em"), registry.OriginOf("string_match_all")));
    }

    [Fact]
    public async Task Helmet_takes_the_better_of_the_raw_output_and_the_parsed_answer()
    {
        var query = new Query("q1", "How much revenue?", ["4,000,000"], []);
        const string output = "The text says 4,000,000 dollars were collected.\nAnswer: four million";
        var parsed = new HelmetPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Parse(TaskKind.Rag, output);

        var helmet = await MetricRegistry.BuiltIn().For(TaskKind.Rag, promptFormat: "helmet").ScoreAsync(query, parsed, output);
        var loft = await MetricRegistry.BuiltIn().For(TaskKind.Rag).ScoreAsync(query, parsed, output);

        Assert.Equal(["four million"], parsed);
        Assert.Equal(1.0, helmet["substring_exact_match"]);
        Assert.Equal(0.0, loft["subspan_em"]);
    }

    [Fact]
    public async Task Ruler_predictions_score_as_rulers_harness_scores_them_not_as_unparsed()
    {
        var folder = Path.Combine(root, "recall", "niah_single", "4k");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "test_queries.jsonl"),
        [
            """{"qid": "n1", "query_text": "What is the special magic number for handshake-dodge?", "answers": ["1821616"]}""",
            """{"qid": "n2", "query_text": "What is the special magic number for optimism?", "answers": ["3960363"]}""",
        ]);
        var predictions = Path.Combine(root, "ruler.jsonl");
        // RULER's own harness writes the model's whole answer; there is no "Final Answer:" to parse.
        File.WriteAllLines(predictions,
        [
            """{"qid": "n1", "output": "  The special magic number for handshake-dodge is: 1821616.\u0007"}""",
            """{"qid": "n2", "output": "I could not find it."}""",
        ]);
        var scorer = new PredictionScorer(MetricRegistry.BuiltIn(), LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn, new Bootstrap());

        var ruler = await scorer.ScoreAsync(folder, predictions, PredictionFormat.Jsonl, promptFormat: new RulerPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn));
        var loft = await scorer.ScoreAsync(folder, predictions, PredictionFormat.Jsonl);

        Assert.Equal(("RULER", 0.5, 0), (ruler.Origin, ruler.Metrics["string_match_all"].Estimate, ruler.Unparsed));
        Assert.Equal((0.0, 2), (loft.Metrics["string_match_all"].Estimate, loft.Unparsed));
        Assert.Equal("The special magic number for handshake-dodge is: 1821616.", RulerRecallMetric.PostProcess("  The special magic number for handshake-dodge is: 1821616.\u0007"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
