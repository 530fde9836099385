namespace LoftCompare.Eval.Reports;

/// <summary>What got worse since the previous run of the same suite.</summary>
public enum RegressionKind
{
    /// <summary>The leading score dropped and its 95% interval of change lies wholly below zero.</summary>
    Quality,

    /// <summary>$ per query rose by more than <see cref="RegressionFinder.CostJump"/> (cost is modelled, so any change is real work).</summary>
    Cost,

    /// <summary>p50 latency grew by at least <see cref="RegressionFinder.LatencyJump"/>× and <see cref="RegressionFinder.LatencyFloorMs"/> ms.</summary>
    Latency,

    /// <summary>Examples that succeeded in the previous run failed in this one.</summary>
    NewFailures,
}

/// <summary>One regression of a (task, pipeline, model), in words a nightly alert can carry.</summary>
public sealed record Regression(RegressionKind Kind, string TaskName, string Pipeline, string ModelId, string Detail);
