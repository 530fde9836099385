namespace LoftCompare.Corpora.Tasks;

/// <summary>Parses and names task kinds the way suite files and the results database spell them.</summary>
public static class TaskKinds
{
    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<TaskKind> All { get; } = Enum.GetValues<TaskKind>();

    public static string Name(TaskKind kind) => kind switch
    {
        TaskKind.Retrieval => "retrieval",
        TaskKind.Rag => "rag",
        TaskKind.MultiValueRag => "multi-value-rag",
        TaskKind.Recall => "recall",
        TaskKind.Rerank => "rerank",
        TaskKind.Citation => "citation",
        TaskKind.Sql => "sql",
        TaskKind.Icl => "icl",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown task kind."),
    };

    public static bool TryParse(string? text, out TaskKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "retrieval": kind = TaskKind.Retrieval; return true;
            case "rag": kind = TaskKind.Rag; return true;
            case "multi-value-rag": kind = TaskKind.MultiValueRag; return true;
            case "recall": kind = TaskKind.Recall; return true;
            case "rerank" or "re-rank": kind = TaskKind.Rerank; return true;
            case "citation" or "cite": kind = TaskKind.Citation; return true;
            case "sql": kind = TaskKind.Sql; return true;
            case "icl": kind = TaskKind.Icl; return true;
            default: kind = default; return false;
        }
    }
}
