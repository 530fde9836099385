namespace LoftCompare.Runs.Recording;

/// <summary>The job lease a run was writing under is held by another worker now: this worker writes nothing more of it.</summary>
public sealed class LeaseLostException(string runId)
    : IOException($"the lease on run {runId}'s job was taken over by another worker; this worker writes nothing more of the run");
