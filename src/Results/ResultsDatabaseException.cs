namespace LoftCompare.Results;

/// <summary>The results database cannot be used; the message names the file and what is wrong with it.</summary>
public sealed class ResultsDatabaseException : IOException
{
    public ResultsDatabaseException(string path, string problem, Exception? inner = null)
        : base($"Results database '{path}' {problem}.", inner)
    {
        DatabasePath = path;
        Problem = problem;
    }

    /// <summary>What is wrong, without the database's name.</summary>
    public string Problem { get; }

    /// <summary>The same fault, saying what it did to a run (its id, what was kept, how to go on).</summary>
    public ResultsDatabaseException For(string runOutcome) => new(DatabasePath, $"{Problem}; {runOutcome}", this) { Transient = Transient };

    public string DatabasePath { get; }

    /// <summary>A blip that outlasted the store's own retries (the server down, restarting, out of connections): worth trying again later, unlike a wrong schema or a full disk.</summary>
    public bool Transient { get; init; }
}
