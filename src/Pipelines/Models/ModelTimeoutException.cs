namespace LoftCompare.Pipelines.Models;

/// <summary>A streamed model call ran past one of its <see cref="StreamLimits"/>: the connection is dropped and the attempt is retried like a cut stream.</summary>
public sealed class ModelTimeoutException(string message) : TimeoutException(message);
