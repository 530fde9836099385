namespace LoftCompare.Pipelines.Embeddings;

/// <summary>An encoder's input limit and its own token count, so callers can chunk long texts instead of losing their tails to truncation.</summary>
public interface ITokenWindow
{
    /// <summary>The longest input in model tokens, special tokens included.</summary>
    int MaxTokens { get; }

    /// <summary>Model tokens of <paramref name="text"/> without truncation, special tokens included.</summary>
    int CountTokens(string text);
}
