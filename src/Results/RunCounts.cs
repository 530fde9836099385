namespace LoftCompare.Results;

/// <summary>How a run's examples ended, recorded on the run.</summary>
public sealed record RunCounts(int Failed, int Declined);
