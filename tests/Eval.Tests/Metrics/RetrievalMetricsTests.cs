using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;

namespace LoftCompare.Eval.Tests.Metrics;

public sealed class RetrievalMetricsTests
{
    [Fact]
    public void Recall_at_k_counts_gold_ids_in_the_first_k_over_all_gold_ids()
    {
        string[] gold = ["d1", "d2", "d3"];
        string[] predicted = ["d9", "d2", "d1", "d7", "d3"];

        Assert.Equal(0.0, RetrievalMetrics.RecallAtK(gold, predicted, 1));
        Assert.Equal(1.0 / 3, RetrievalMetrics.RecallAtK(gold, predicted, 2), 10);
        Assert.Equal(2.0 / 3, RetrievalMetrics.RecallAtK(gold, predicted, 3), 10);
        Assert.Equal(1.0, RetrievalMetrics.RecallAtK(gold, predicted, 5));
        Assert.Equal(0.0, RetrievalMetrics.RecallAtK(gold, [], 5));
    }

    [Fact]
    public void Mrecall_at_k_asks_for_min_k_gold_ids_in_the_first_k()
    {
        string[] gold = ["d1", "d2", "d3"];

        Assert.Equal(1.0, RetrievalMetrics.MRecallAtK(gold, ["d2", "d9"], 1)); // 1 of min(1, 3)
        Assert.Equal(0.0, RetrievalMetrics.MRecallAtK(gold, ["d2", "d9"], 2)); // 1 of min(2, 3)
        Assert.Equal(1.0, RetrievalMetrics.MRecallAtK(gold, ["d3", "d9", "d1", "d8", "d2"], 5)); // 3 of min(5, 3)
        Assert.Equal(1.0, RetrievalMetrics.MRecallAtK(["d1"], ["d9", "d1"], 2));
    }

    [Fact]
    public void Duplicate_predictions_count_once_and_ids_are_trimmed()
    {
        Assert.Equal(0.5, RetrievalMetrics.RecallAtK(["d1", "d2"], [" d1", "d1"], 2));
    }

    [Fact]
    public void Ndcg_at_k_follows_the_trec_eval_definition()
    {
        var gains = new Dictionary<string, double> { ["d1"] = 2, ["d2"] = 1 };

        // DCG = 1/log2(2) · 0 + 2/log2(3) + 1/log2(4) ; IDCG = 2/log2(2) + 1/log2(3).
        var expected = ((2 / Math.Log2(3)) + (1 / Math.Log2(4))) / (2 + (1 / Math.Log2(3)));
        Assert.Equal(expected, RetrievalMetrics.NdcgAtK(gains, ["d9", "d1", "d2"], 10), 10);
        Assert.Equal(1.0, RetrievalMetrics.NdcgAtK(gains, ["d1", "d2"], 10), 10);
        Assert.Equal(0.0, RetrievalMetrics.NdcgAtK(gains, ["d9", "d8", "d1"], 2));
    }

    [Fact]
    public void The_retrieval_metric_reports_recall_and_mrecall_at_1_2_3_5_and_capped_recall_at_1()
    {
        var scores = new RetrievalMetric().Score(new Query("q", "?", [], ["d1"]), ["d5", "d1"]);

        Assert.Equal(["recall@1", "recall@2", "recall@3", "recall@5", "mrecall@1", "mrecall@2", "mrecall@3", "mrecall@5", "capped_recall@1"], scores.Keys);
        Assert.Equal((0.0, 1.0, 1.0), (scores["recall@1"], scores["recall@2"], scores["mrecall@2"]));
    }
}
