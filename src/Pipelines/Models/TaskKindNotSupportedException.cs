namespace LoftCompare.Pipelines.Models;

/// <summary>A model declines a task kind it cannot do (e.g. the extractive reader and SQL): recorded as declined (n/a), not as a failure.</summary>
public sealed class TaskKindNotSupportedException(string message) : NotSupportedException(message);
