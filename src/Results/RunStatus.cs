namespace LoftCompare.Results;

/// <summary>How a run stands (<c>runs.status</c>, stored in lower case).</summary>
public enum RunStatus
{
    Running,

    /// <summary>Every planned example succeeded or was declined.</summary>
    Succeeded,

    /// <summary>Examples failed beyond the tolerated fraction, a task could not load, or the run was stopped by an error or abandoned.</summary>
    Failed,

    /// <summary>Stopped on request (Ctrl-C, SIGTERM); resumable.</summary>
    Cancelled,
}
