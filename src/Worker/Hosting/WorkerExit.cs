namespace LoftCompare.Worker.Hosting;

/// <summary>Why the worker loop ended, read by the command after the host stops: a fatal error makes the exit code non-zero so a supervisor restarts it.</summary>
public sealed class WorkerExit
{
    public Exception? FatalError { get; set; }
}
