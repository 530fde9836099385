using System.Diagnostics.CodeAnalysis;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds.BuiltIn;
using LoftCompare.Pipelines.Models;

namespace LoftCompare.Pipelines.Kinds;

/// <summary>The kinds a run knows, by name: the eight built-in profiles and any a plug-in adds. Immutable; <see cref="With"/> makes a new catalog.</summary>
public sealed class TaskKindProfiles
{
    private readonly Dictionary<string, TaskKindProfile> byName;

    public TaskKindProfiles(IEnumerable<TaskKindProfile> profiles)
    {
        byName = new(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            byName[profile.Kind.Name] = profile;
        }
    }

    /// <summary>The built-in kinds: retrieval, rag, multi-value-rag, recall, rerank, citation, sql, icl.</summary>
    public static TaskKindProfiles BuiltIn { get; } = new(
        [RetrievalKind.Profile, RagKind.Profile, MultiValueRagKind.Profile, RecallKind.Profile, RerankKind.Profile, CitationKind.Profile, SqlKind.Profile, IclKind.Profile]);

    public IReadOnlyList<TaskKindProfile> All => [.. byName.Values];

    public IReadOnlyList<TaskKind> Kinds => [.. byName.Values.Select(p => p.Kind)];

    /// <summary>A catalog with <paramref name="profile"/> added (or replacing the kind of the same name).</summary>
    public TaskKindProfiles With(TaskKindProfile profile) => new([.. byName.Values.Where(p => p.Kind != profile.Kind), profile]);

    /// <summary>The profile of <paramref name="kind"/>.</summary>
    /// <exception cref="TaskKindNotSupportedException">No profile is registered for the kind.</exception>
    public TaskKindProfile this[TaskKind kind]
        => Find(kind) ?? throw new TaskKindNotSupportedException($"No profile is registered for task kind '{kind.Name}' (known: {string.Join(", ", byName.Keys)}).");

    /// <summary>The profile of <paramref name="kind"/>, or null when none is registered.</summary>
    public TaskKindProfile? Find(TaskKind kind) => byName.GetValueOrDefault(kind.Name);

    /// <summary>The kind named <paramref name="text"/> (name or alias, any case).</summary>
    public bool TryParse(string? text, [NotNullWhen(true)] out TaskKind? kind) => TaskKinds.TryParse(byName.Values.Select(p => p.Kind), text, out kind);

    /// <summary>The kind named <paramref name="text"/>; the error lists the known names.</summary>
    public TaskKind Parse(string text)
        => TryParse(text, out var kind) ? kind : throw new ArgumentException($"Unknown task kind '{text}'; use one of {string.Join(", ", byName.Keys)}.");
}
