using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;

namespace LoftCompare.Eval.Tests.Metrics;

public sealed class KindMetricsTests
{
    [Fact]
    public void Sql_rows_match_as_sets_ignoring_order_and_number_formatting()
    {
        var query = new Query("q", "?", [], []) { Rows = [["Gates", "60"], ["Taylor", "40.0"]] };
        var metric = new SqlMetric();

        Assert.Equal(1.0, metric.Score(query, ["[\"Taylor\", 40]", "[\"60\", \"gates\"]"])["exec_acc"]);
        Assert.Equal(0.0, metric.Score(query, ["[\"Taylor\", 40]"])["exec_acc"]); // a row missing
        Assert.Equal(0.0, metric.Score(query, null)["exec_acc"]);
    }

    [Fact]
    public void A_flat_sql_prediction_is_one_row_as_in_loft()
    {
        var query = new Query("q", "?", [], []) { Rows = [["Physics", "Wrigley"]] };

        Assert.Equal(1.0, new SqlMetric().Score(query, ["Wrigley", "Physics"])["exec_acc"]);
        Assert.Equal([["a", "b"]], SqlMetric.Rows(["a", "b"]));
    }

    [Fact]
    public void Icl_scores_the_first_label_only()
    {
        var query = new Query("q", "?", ["spam"], []);

        Assert.Equal(1.0, new IclMetric().Score(query, ["Spam"])["em"]);
        Assert.Equal(0.0, new IclMetric().Score(query, ["ham", "spam"])["em"]);
    }

    [Fact]
    public void Rerank_ndcg_uses_the_graded_labels()
    {
        var query = new Query("q", "?", [], ["d1", "d2"]) { Relevance = new Dictionary<string, int> { ["d1"] = 2, ["d2"] = 1 } };

        var perfect = new RerankMetric().Score(query, ["d1", "d2", "d3"]);
        var swapped = new RerankMetric().Score(query, ["d2", "d1"]);

        Assert.Equal(1.0, perfect["ndcg@10"], 10);
        // DCG = 1/log2(2) + 2/log2(3); ideal = 2 + 1/log2(3).
        Assert.Equal((1 + (2 / Math.Log2(3))) / (2 + (1 / Math.Log2(3))), swapped["ndcg@10"], 10);
        Assert.Equal(1.0, swapped["recall@5"]);
    }

    [Fact]
    public async Task Citations_by_document_id_are_judged_against_those_documents()
    {
        var corpus = new List<Document> { new("d1", "Navy", "Ships were sent to the coast of Africa."), new("d2", "Revenue", "In 1850 the revenue of 4,000,000 dollars was collected at ports.") };
        var metric = MetricRegistry.BuiltIn().For(TaskKind.Citation, corpus);
        var query = new Query("q", "?", ["4,000,000"], ["d2"]);

        var right = await metric.ScoreAsync(query, ["In 1850 the revenue of 4,000,000 dollars was collected at ports [d2]."]);
        var wrong = await metric.ScoreAsync(query, ["In 1850 the revenue of 4,000,000 dollars was collected at ports [d1]."]);
        var none = await metric.ScoreAsync(query, null);

        Assert.Equal((1.0, 1.0, 1.0, 1.0), (right["citation_recall"], right["citation_precision"], right["subspan_em"], right["gold_cited"]));
        Assert.Equal((0.0, 0.0, 1.0, 0.0), (wrong["citation_recall"], wrong["citation_precision"], wrong["subspan_em"], wrong["gold_cited"]));
        Assert.All(none.Values, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Every_task_kind_has_a_metric()
        => Assert.All(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn.Kinds, kind => Assert.Equal(kind, MetricRegistry.BuiltIn().For(kind).Kind));
}
