namespace LoftCompare.Results.Rows;

/// <summary><c>run_lines</c> for Dapper: <see cref="RunLineRecord"/> maps as it is (no JSON, no times).</summary>
public static class RunLineSql
{
    public const string Columns = "run_id AS RunId, task_name AS TaskName, pipeline AS Pipeline, model_id AS ModelId, primary_metric AS PrimaryMetric, examples AS Examples, failures AS Failures, declined AS Declined, cost_mean AS CostMean, cost_low AS CostLow, cost_high AS CostHigh, cost_n AS CostN, mean_input_tokens AS MeanInputTokens, mean_output_tokens AS MeanOutputTokens, p50_total_ms AS P50TotalMs, p95_total_ms AS P95TotalMs, p50_retrieval_ms AS P50RetrievalMs";

    public const string Insert = """
        INSERT INTO run_lines (run_id, task_name, pipeline, model_id, primary_metric, examples, failures, declined, cost_mean, cost_low, cost_high, cost_n, mean_input_tokens, mean_output_tokens, p50_total_ms, p95_total_ms, p50_retrieval_ms)
        VALUES (@RunId, @TaskName, @Pipeline, @ModelId, @PrimaryMetric, @Examples, @Failures, @Declined, @CostMean, @CostLow, @CostHigh, @CostN, @MeanInputTokens, @MeanOutputTokens, @P50TotalMs, @P95TotalMs, @P50RetrievalMs)
        """;

    public const string Delete = "DELETE FROM run_lines WHERE run_id = @runId";

    public const string Select = $"SELECT {Columns} FROM run_lines WHERE run_id = @runId ORDER BY task_name, pipeline, model_id";
}
