namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// The prompt formats a suite can name (<c>promptFormat</c>), by name: the built-in <c>loft</c>, <c>helmet</c> and
/// <c>ruler</c>, and any a plug-in registers (e.g. a team's production prompt).
/// </summary>
public sealed class PromptFormatRegistry
{
    private readonly Dictionary<string, Func<IPromptFormat>> factories = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Names => [.. factories.Keys];

    /// <param name="kinds">The kinds the built-in formats can prompt; the built-in kinds when null.</param>
    public static PromptFormatRegistry CreateDefault(Kinds.TaskKindProfiles? kinds = null)
    {
        var registry = new PromptFormatRegistry();
        foreach (var name in PromptFormats.Names)
        {
            registry.Register(name, () => PromptFormats.Create(name, kinds));
        }

        return registry;
    }

    /// <summary>Adds (or replaces) a format under <paramref name="name"/>.</summary>
    public PromptFormatRegistry Register(string name, Func<IPromptFormat> factory)
    {
        factories[name] = factory;
        return this;
    }

    /// <exception cref="ArgumentException">No format has that name; the message lists the known ones.</exception>
    public IPromptFormat Create(string name)
        => factories.TryGetValue(name, out var factory) ? factory() : throw new ArgumentException($"Unknown prompt format '{name}'; use one of {string.Join(", ", Names)}.");
}
