namespace LoftCompare.Results;

/// <summary>
/// Which examples (one per task and query, with every pipeline's row) a page shows: a task, a model, a pipeline that is
/// right or wrong, any row right or wrong, or only RAG / only long context right. Stores run it in SQL on
/// <see cref="ResultRecord.Correct"/>.
/// </summary>
public sealed record ExampleFilter(string? Task, string? Pipeline, string? Model, bool? Correct, OnlyRight? Only);

/// <summary>One of the two pipelines right and the other wrong, both answered.</summary>
public enum OnlyRight
{
    Rag,
    LongContext,
}
