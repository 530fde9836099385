namespace LoftCompare.Pipelines.Running;

/// <summary>What long context does when the whole corpus does not fit the model's window.</summary>
public enum ContextOverflow
{
    /// <summary>Drop documents from the end of the corpus (its own order, blind to gold) until the prompt fits; the row records it.</summary>
    Truncate,

    /// <summary>Do not send; the example is recorded as failed with the reason.</summary>
    Skip,
}
