namespace LoftCompare.Pipelines.Prompts;

/// <summary>The prompt formats a suite can name: <c>loft</c> (default), <c>helmet</c>, <c>ruler</c>.</summary>
public static class PromptFormats
{
    public static IReadOnlyList<string> Names { get; } = [LoftPromptFormat.FormatName, HelmetPromptFormat.FormatName, RulerPromptFormat.FormatName];

    /// <param name="kinds">The kinds the format can prompt; the built-in ones when null.</param>
    public static IPromptFormat Create(string name, Kinds.TaskKindProfiles? kinds = null) => name.ToLowerInvariant() switch
    {
        LoftPromptFormat.FormatName => new LoftPromptFormat(kinds),
        HelmetPromptFormat.FormatName => new HelmetPromptFormat(kinds),
        RulerPromptFormat.FormatName => new RulerPromptFormat(kinds),
        _ => throw new ArgumentException($"Unknown prompt format '{name}'; use one of {string.Join(", ", Names)}."),
    };
}
