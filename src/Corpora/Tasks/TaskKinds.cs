namespace LoftCompare.Corpora.Tasks;

/// <summary>Parses and names task kinds the way suite files and the results database spell them.</summary>
public static class TaskKinds
{
    public static string Name(TaskKind kind) => kind switch
    {
        TaskKind.Retrieval => "retrieval",
        TaskKind.Rag => "rag",
        TaskKind.MultiValueRag => "multi-value-rag",
        TaskKind.Recall => "recall",
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
            default: kind = default; return false;
        }
    }
}
