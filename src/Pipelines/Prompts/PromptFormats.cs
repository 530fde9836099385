namespace LoftCompare.Pipelines.Prompts;

/// <summary>The built-in prompt formats: <c>loft</c> (default), <c>helmet</c>, <c>ruler</c>. Commands and runs name formats through the catalog's <see cref="PromptFormatRegistry"/>, which holds these and any a plug-in registers.</summary>
public static class PromptFormats
{
    public static IReadOnlyList<string> Names { get; } = [LoftPromptFormat.FormatName, HelmetPromptFormat.FormatName, RulerPromptFormat.FormatName];

    /// <param name="kinds">The kinds the format can prompt: the catalog's, plug-in kinds included.</param>
    public static IPromptFormat Create(string name, Kinds.TaskKindProfiles kinds) => name.ToLowerInvariant() switch
    {
        LoftPromptFormat.FormatName => new LoftPromptFormat(kinds),
        HelmetPromptFormat.FormatName => new HelmetPromptFormat(kinds),
        RulerPromptFormat.FormatName => new RulerPromptFormat(kinds),
        _ => throw new ArgumentException($"Unknown prompt format '{name}'; use one of {string.Join(", ", Names)}."),
    };
}
