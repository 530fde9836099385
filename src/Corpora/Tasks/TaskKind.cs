namespace LoftCompare.Corpora.Tasks;

/// <summary>
/// The family of a task: its name as suite files and the results database spell it, and what gold its queries carry.
/// Everything else a kind decides (prompt pieces, parser, what the embedded reader does, metrics) is declared in the
/// kind's profile (<c>LoftCompare.Pipelines.Kinds.TaskKindProfile</c>) and its metric. The built-in kinds are the
/// static members; a plug-in kind is one <c>new TaskKind(…)</c> in its profile. Kinds are equal when their names are.
/// </summary>
public sealed class TaskKind : IEquatable<TaskKind>
{
    /// <param name="name">Lower-case letters, digits and hyphens, e.g. <c>multi-value-rag</c>: it is written in suite files, the results database and folder names.</param>
    /// <param name="gold">What a query's gold must hold for this kind.</param>
    /// <param name="description">One line for listings and docs.</param>
    /// <param name="aliases">Other spellings accepted in suite files and on the command line.</param>
    public TaskKind(string name, KindGold gold, string description, params string[] aliases)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim().ToLowerInvariant();
        if (!Name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"A task kind's name is lower-case letters, digits and hyphens; '{name}' is not.", nameof(name));
        }

        Gold = gold;
        Description = description;
        Aliases = aliases.Select(a => a.Trim().ToLowerInvariant()).ToList();
    }

    /// <summary>Find the documents that answer the query (LOFT retrieval; scored by recall@k).</summary>
    public static TaskKind Retrieval { get; } = new("retrieval", KindGold.Documents, "find the documents that answer the query (LOFT retrieval; recall@k)");

    /// <summary>Answer the query from the documents (LOFT RAG; scored by EM, subspan EM and F1).</summary>
    public static TaskKind Rag { get; } = new("rag", KindGold.Answers, "answer the query from the documents (LOFT RAG; EM, subspan EM, F1)");

    /// <summary>Answer with every item of a set (LOFT QUEST, QAMPARI; scored by set EM, coverage and one-to-one subspan EM).</summary>
    public static TaskKind MultiValueRag { get; } = new("multi-value-rag", KindGold.Answers, "answer with every item of a set (LOFT QUEST, QAMPARI; set EM, coverage)");

    /// <summary>Find planted values in a long haystack (RULER needle-in-a-haystack; scored by string_match_all).</summary>
    public static TaskKind Recall { get; } = new("recall", KindGold.Answers, "find planted values in a long haystack (RULER; string_match_all)");

    /// <summary>Order candidate documents by relevance (HELMET MS MARCO re-rank; scored by nDCG@10 on graded labels).</summary>
    public static TaskKind Rerank { get; } = new("rerank", KindGold.GradedDocuments, "order candidate documents by relevance (HELMET re-rank; nDCG@10)", "re-rank");

    /// <summary>Answer with citations to the supporting documents (HELMET/ALCE; scored by answer match and citation recall/precision).</summary>
    public static TaskKind Citation { get; } = new("citation", KindGold.Answers, "answer with citations to the supporting documents (HELMET/ALCE; citation recall/precision)", "cite");

    /// <summary>Answer a question over tables (LOFT SQL; scored by execution accuracy on the result rows).</summary>
    public static TaskKind Sql { get; } = new("sql", KindGold.Rows, "answer a question over tables (LOFT SQL; row-set accuracy)");

    /// <summary>Label an input from many labelled examples in context (LOFT/HELMET many-shot ICL; scored by exact label).</summary>
    public static TaskKind Icl { get; } = new("icl", KindGold.Answers, "label an input from many labelled examples in context (many-shot ICL; exact label)");

    public string Name { get; }

    public KindGold Gold { get; }

    public string Description { get; }

    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Whether <paramref name="text"/> names this kind (its name or an alias, any case).</summary>
    public bool IsNamed(string? text)
        => text?.Trim().ToLowerInvariant() is { } name && (name == Name || Aliases.Contains(name, StringComparer.Ordinal));

    /// <summary>
    /// The gold this kind needs, checked on one query read from <paramref name="path"/>:<paramref name="line"/>; the
    /// exception names <paramref name="field"/>, the column or property the adapter reads that gold from.
    /// </summary>
    public void RequireGold(Query query, string path, int line, string field)
    {
        var missing = Gold switch
        {
            KindGold.Documents or KindGold.GradedDocuments when query.GoldDocIds.Count == 0 => "at least one gold document",
            KindGold.Rows when query.Rows.Count == 0 => "at least one gold row",
            KindGold.Answers when query.Answers.Count == 0 => "at least one answer",
            _ => null,
        };
        if (missing is not null)
        {
            throw new Adapters.DatasetFormatException(path, line, field, $"a {Name} query needs {missing}");
        }
    }

    public bool Equals(TaskKind? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as TaskKind);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public override string ToString() => Name;

    public static bool operator ==(TaskKind? left, TaskKind? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(TaskKind? left, TaskKind? right) => !(left == right);
}
