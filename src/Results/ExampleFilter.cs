namespace LoftCompare.Results;

/// <summary>
/// Which examples (one per task and query, with every pipeline's row) a page shows: a task, a model, a pipeline that is
/// right or wrong, any row right or wrong, or only RAG / only long context right. Stores run it in SQL on
/// <see cref="ResultRecord.Correct"/>.
/// </summary>
public sealed record ExampleFilter(string? Task, string? Pipeline, string? Model, bool? Correct, OnlyRight? Only)
{
    /// <summary>
    /// The pipeline names rows carry for RAG and long context. Results references no pipeline code, so they are spelled
    /// here; a test pins them to <c>RagPipeline.PipelineName</c> and <c>LongContextPipeline.PipelineName</c>.
    /// </summary>
    public const string RagPipeline = "rag";

    public const string LongContextPipeline = "long-context";

    /// <summary>The pipeline that must be right under <paramref name="only"/>, and the one that must be wrong.</summary>
    public static (string Right, string Wrong) Sides(OnlyRight only) => only == OnlyRight.Rag ? (RagPipeline, LongContextPipeline) : (LongContextPipeline, RagPipeline);
}

/// <summary>One of the two pipelines right and the other wrong, both answered.</summary>
public enum OnlyRight
{
    Rag,
    LongContext,
}
