namespace LoftCompare.Pipelines.Prompts;

/// <summary>The prompt formats a suite can name: <c>loft</c> (default), <c>helmet</c>, <c>ruler</c>.</summary>
public static class PromptFormats
{
    public static IReadOnlyList<string> Names { get; } = [LoftPromptFormat.FormatName, HelmetPromptFormat.FormatName, RulerPromptFormat.FormatName];

    public static IPromptFormat Create(string name) => name.ToLowerInvariant() switch
    {
        LoftPromptFormat.FormatName => new LoftPromptFormat(),
        HelmetPromptFormat.FormatName => new HelmetPromptFormat(),
        RulerPromptFormat.FormatName => new RulerPromptFormat(),
        _ => throw new ArgumentException($"Unknown prompt format '{name}'; use one of {string.Join(", ", Names)}."),
    };
}
