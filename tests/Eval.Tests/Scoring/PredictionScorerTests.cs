using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Scoring;
using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Tests.Scoring;

public sealed class PredictionScorerTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));

    private readonly PredictionScorer scorer = new(MetricRegistry.BuiltIn(), LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn, new Bootstrap());

    private string Folder(string layout, params string[] queries)
    {
        var folder = Path.Combine(root, layout);
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "test_queries.jsonl"), queries);
        return folder;
    }

    private string Predictions(params string[] lines)
    {
        var path = Path.Combine(root, $"preds-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task Scores_loft_rag_predictions_from_a_folder_holding_only_the_queries_file()
    {
        var folder = Folder(
            Path.Combine("rag", "nq", "32k"),
            """{"qid": "q1", "query_text": "who sang i wanna be sedated", "metadata": {"qrels": [["doc1", 1]]}, "answers": ["the Ramones"]}""",
            """{"qid": "q2", "query_text": "genus of the bald eagle", "metadata": {"qrels": [["doc2", 1]]}, "answers": ["Haliaeetus"]}""",
            """{"qid": "q3", "query_text": "x", "answers": ["y"]}""");
        var predictions = Predictions(
            """{"qid": "q1", "num_turns": 1, "model_outputs": [["Ramones"]]}""",
            """{"qid": "q2", "num_turns": 1, "model_outputs": [["an eagle of the genus Haliaeetus"]]}""",
            """{"qid": "q9", "num_turns": 1, "model_outputs": [["z"]]}""");

        var report = await scorer.ScoreAsync(folder, predictions, PredictionFormat.Loft);

        Assert.Equal(TaskKind.Rag, report.Kind);
        Assert.Equal((3, 1, 1), (report.Queries, report.Missing, report.Unknown));
        Assert.Equal(1.0 / 3, report.Metrics["em"].Estimate, 10); // q1 exact, q2 subspan only, q3 missing
        Assert.Equal(2.0 / 3, report.Metrics["subspan_em"].Estimate, 10);
        Assert.Equal("subspan_em", report.PrimaryMetric);
    }

    [Fact]
    public async Task Infers_multi_value_rag_for_quest_and_parses_raw_outputs()
    {
        var folder = Folder(Path.Combine("rag", "quest", "32k"), """{"qid": "q1", "query_text": "films", "answers": ["Film A", "Film B"]}""", """{"qid": "q2", "query_text": "books", "answers": ["Book C"]}""");
        var predictions = Predictions("""{"qid": "q1", "output": "IDs...\nFinal Answer: ['Film B', 'film a']"}""", """{"qid": "q2", "output": "I am not sure."}""");

        var report = await scorer.ScoreAsync(folder, predictions, PredictionFormat.Jsonl);

        Assert.Equal(TaskKind.MultiValueRag, report.Kind);
        Assert.Equal(0.5, report.Metrics["em"].Estimate);
        Assert.Equal(1, report.Unparsed);
    }

    [Fact]
    public async Task The_task_can_be_overridden_and_retrieval_is_scored_by_recall()
    {
        var folder = Folder("flat", """{"qid": "q1", "query_text": "q", "answers": [["doc1", 1]]}""");
        var predictions = Predictions("""{"qid": "q1", "num_turns": 1, "model_outputs": [["doc7", "doc1"]]}""");

        var report = await scorer.ScoreAsync(folder, predictions, PredictionFormat.Loft, TaskKind.Retrieval);

        Assert.Equal((0.0, 1.0), (report.Metrics["recall@1"].Estimate, report.Metrics["recall@2"].Estimate));
    }

    [Fact]
    public async Task Multi_turn_sql_predictions_score_each_turn_by_execution_accuracy()
    {
        var folder = Folder(Path.Combine("sql", "sparc", "32k"), """{"qid": "m1", "query_text": ["List singers.", "Over 50?"], "answers": [[["Joe"], ["Ann"]], [["Joe"]]]}""");
        File.WriteAllText(Path.Combine(folder, "corpus.jsonl"), """{"pid": "t1", "title_text": "singer", "passage_text": "name,age\nJoe,52\nAnn,30\n"}""");
        var predictions = Predictions("""{"qid": "m1", "num_turns": 2, "model_outputs": [[["Ann"], ["Joe"]], [["Joe"], ["Ann"]]]}""");

        var report = await scorer.ScoreAsync(folder, predictions, PredictionFormat.Loft);

        Assert.Equal(TaskKind.Sql, report.Kind);
        Assert.Equal((2, 0), (report.Queries, report.Missing));
        Assert.Equal(0.5, report.Metrics["exec_acc"].Estimate); // turn 0 right (order ignored), turn 1 has an extra row
    }

    [Theory]
    [InlineData("""{"qid": "q1", "num_turns": 2, "model_outputs": [["a"]]}""", "field 'model_outputs': expected a list with one list of answers per turn (2)")]
    [InlineData("""{"num_turns": 1, "model_outputs": [["a"]]}""", "field 'qid': missing")]
    [InlineData("""{"qid": "q1", "model_outputs": {}}""", "field 'model_outputs'")]
    [InlineData("not json", "not valid JSON")]
    public async Task Malformed_predictions_name_the_file_line_and_field(string line, string problem)
    {
        var folder = Folder(Path.Combine("rag", "nq", "32k"), """{"qid": "q1", "query_text": "q", "answers": ["a"]}""");
        var predictions = Predictions("""{"qid": "q0", "num_turns": 1, "model_outputs": [["a"]]}""", line);

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => scorer.ScoreAsync(folder, predictions, PredictionFormat.Loft));

        Assert.Contains($"{Path.GetFileName(predictions)}:2: {problem}", error.Message);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
