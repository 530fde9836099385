namespace LoftCompare.Results;

/// <summary>
/// What a user gave a command (an option's value, a run id, a <c>--db</c> address) cannot be used. The message names it
/// and what would do; the command line prints it as one line and exits 1. Anything else that escapes a command is a bug.
/// </summary>
public sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>A run id that names no run.</summary>
    public static UsageException RunNotFound(string runId, string where = "the results database")
        => new($"Run '{runId}' is not in {where}.");
}
