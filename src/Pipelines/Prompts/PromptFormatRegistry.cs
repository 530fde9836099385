using LoftCompare.Pipelines.Kinds;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// The prompt formats a suite can name (<c>promptFormat</c>), by name: the built-in <c>loft</c>, <c>helmet</c> and
/// <c>ruler</c>, and any a plug-in registers (e.g. a team's production prompt). A format is made for the run's task
/// kinds, so a registry built before a plug-in kind was added still prompts it.
/// </summary>
public sealed class PromptFormatRegistry
{
    private readonly Dictionary<string, Func<TaskKindProfiles, IPromptFormat>> factories = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Names => [.. factories.Keys];

    public static PromptFormatRegistry BuiltIn()
    {
        var registry = new PromptFormatRegistry();
        foreach (var name in PromptFormats.Names)
        {
            registry.Register(name, kinds => PromptFormats.Create(name, kinds));
        }

        return registry;
    }

    /// <summary>Adds (or replaces) a format under <paramref name="name"/>, made for the run's task kinds.</summary>
    public PromptFormatRegistry Register(string name, Func<TaskKindProfiles, IPromptFormat> factory)
    {
        factories[name] = factory;
        return this;
    }

    /// <summary>Adds (or replaces) a format under <paramref name="name"/> that needs no task kind profiles.</summary>
    public PromptFormatRegistry Register(string name, Func<IPromptFormat> factory) => Register(name, _ => factory());

    /// <summary>The format called <paramref name="name"/>, made for <paramref name="kinds"/> (the catalog's).</summary>
    /// <exception cref="ArgumentException">No format has that name; the message lists the known ones.</exception>
    public IPromptFormat Create(string name, TaskKindProfiles kinds)
        => factories.TryGetValue(name, out var factory) ? factory(kinds) : throw new ArgumentException($"Unknown prompt format '{name}'; use one of {string.Join(", ", Names)}.");
}
