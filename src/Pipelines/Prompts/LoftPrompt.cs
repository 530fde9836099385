namespace LoftCompare.Pipelines.Prompts;

/// <summary>A built prompt and the order in which its documents appear (for gold-position analysis).</summary>
public sealed record LoftPrompt(string Text, IReadOnlyList<string> DocumentIds);
