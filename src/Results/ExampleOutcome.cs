namespace LoftCompare.Results;

/// <summary>How one example ended (<c>results.outcome</c>, stored in lower case).</summary>
public enum ExampleOutcome
{
    Succeeded,

    /// <summary>An error: the endpoint failed, the context did not fit, preparation failed, ... (see the row's error).</summary>
    Failed,

    /// <summary>The model cannot do this task kind (e.g. the extractive reader and SQL): n/a, never a score of 0.</summary>
    Declined,
}
