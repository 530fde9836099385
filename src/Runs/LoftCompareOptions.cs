namespace LoftCompare.Runs;

/// <summary>Where a run keeps its derived data and writes its reports; the same for <c>run</c>, the worker and tests.</summary>
public sealed class LoftCompareOptions
{
    /// <summary>Persisted vector indexes and the embedding and response caches.</summary>
    public string DataDir { get; set; } = ".loftcompare";

    /// <summary>Folder for reports.</summary>
    public string Out { get; set; } = "reports";
}
