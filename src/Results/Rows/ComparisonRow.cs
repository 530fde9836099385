using LoftCompare.Results;
namespace LoftCompare.Results.Rows;

/// <summary><c>comparisons</c> as the database holds it (0/1 for significance), for stores to read and write with Dapper.</summary>
public sealed class ComparisonRow
{
    public string RunId { get; set; } = string.Empty;
    public string TaskName { get; set; } = string.Empty;
    public string Metric { get; set; } = string.Empty;
    public string PipelineA { get; set; } = string.Empty;
    public string ModelA { get; set; } = string.Empty;
    public string PipelineB { get; set; } = string.Empty;
    public string ModelB { get; set; } = string.Empty;
    public long N { get; set; }
    public double MeanDiff { get; set; }
    public double CiLow { get; set; }
    public double CiHigh { get; set; }
    public long Significant { get; set; }
    public double? McNemarP { get; set; }
    public long? BothRight { get; set; }
    public long? OnlyA { get; set; }
    public long? OnlyB { get; set; }
    public long? Neither { get; set; }

    public static ComparisonRow From(ComparisonRecord c) => new()
    {
        RunId = c.RunId, TaskName = c.TaskName, Metric = c.Metric, PipelineA = c.PipelineA, ModelA = c.ModelA, PipelineB = c.PipelineB, ModelB = c.ModelB,
        N = c.N, MeanDiff = c.MeanDiff, CiLow = c.CiLow, CiHigh = c.CiHigh, Significant = c.Significant ? 1 : 0,
        McNemarP = c.McNemarP, BothRight = c.BothRight, OnlyA = c.OnlyA, OnlyB = c.OnlyB, Neither = c.Neither,
    };

    public ComparisonRecord ToRecord() => new()
    {
        RunId = RunId, TaskName = TaskName, Metric = Metric, PipelineA = PipelineA, ModelA = ModelA, PipelineB = PipelineB, ModelB = ModelB,
        N = N, MeanDiff = MeanDiff, CiLow = CiLow, CiHigh = CiHigh, Significant = Significant == 1,
        McNemarP = McNemarP, BothRight = BothRight, OnlyA = OnlyA, OnlyB = OnlyB, Neither = Neither,
    };
}
