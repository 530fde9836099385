namespace LoftCompare.Corpora.Tasks;

/// <summary>The built-in kinds, and parsing their names the way suite files and the results database spell them. Plug-in kinds are resolved by the run's kind catalog (<c>TaskKindProfiles</c>).</summary>
public static class TaskKinds
{
    /// <summary>Every built-in kind.</summary>
    public static IReadOnlyList<TaskKind> BuiltIn { get; } =
        [TaskKind.Retrieval, TaskKind.Rag, TaskKind.MultiValueRag, TaskKind.Recall, TaskKind.Rerank, TaskKind.Citation, TaskKind.Sql, TaskKind.Icl];

    /// <summary>Finds the kind of <paramref name="kinds"/> named <paramref name="text"/> (name or alias, any case).</summary>
    public static bool TryParse(IEnumerable<TaskKind> kinds, string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TaskKind? kind)
    {
        kind = kinds.FirstOrDefault(k => k.IsNamed(text));
        return kind is not null;
    }
}
