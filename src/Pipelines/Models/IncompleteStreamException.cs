namespace LoftCompare.Pipelines.Models;

/// <summary>The server closed the response stream without a finish reason (no <c>[DONE]</c>): the text is cut and must not be scored.</summary>
public sealed class IncompleteStreamException(int charactersReceived)
    : IOException($"incomplete stream: the server closed the response after {charactersReceived} characters without a finish reason");
