namespace LoftCompare.Results.Rows;

/// <summary><c>run_analyses</c> for Dapper: <see cref="RunAnalysisRecord"/> maps as it is; the same SQL on both stores.</summary>
public static class RunAnalysisSql
{
    public const string Upsert = """
        INSERT INTO run_analyses (run_id, version, document) VALUES (@RunId, @Version, @Document)
        ON CONFLICT (run_id) DO UPDATE SET version = excluded.version, document = excluded.document
        """;

    public const string Select = "SELECT run_id AS RunId, version AS Version, document AS Document FROM run_analyses WHERE run_id = @runId";
}
