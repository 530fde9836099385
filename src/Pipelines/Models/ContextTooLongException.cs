namespace LoftCompare.Pipelines.Models;

/// <summary>A prompt does not fit the model's context window (found before sending, or reported by the server as HTTP 400).</summary>
public sealed class ContextTooLongException(string message, Exception? inner = null) : Exception(message, inner);
