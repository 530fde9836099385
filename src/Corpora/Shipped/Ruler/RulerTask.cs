namespace LoftCompare.Corpora.Shipped.Ruler;

/// <summary>The haystack a needle task hides its needles in (RULER <c>type_haystack</c>).</summary>
public enum Haystack
{
    /// <summary>Prose (RULER: Paul Graham essays; ours: State of the Union addresses, public domain).</summary>
    Essay,

    /// <summary>One filler line repeated.</summary>
    Repeat,

    /// <summary>Distractor needles with other keys and values.</summary>
    Needle,
}

/// <summary>What a key or value is made of (RULER <c>type_needle_k</c> / <c>type_needle_v</c>).</summary>
public enum NeedleType
{
    /// <summary>adjective-noun pairs.</summary>
    Words,

    /// <summary>7-digit numbers.</summary>
    Numbers,

    /// <summary>UUIDs.</summary>
    Uuids,
}

/// <summary>
/// One of RULER's 13 tasks with its published parameters (RULER <c>synthetic.yaml</c>): needle tasks by haystack,
/// key/value types and numbers of keys, values and queried keys; variable tracking by chains and hops; common-word
/// extraction by frequencies; frequent-word extraction by the Zipf exponent; QA by its source.
/// </summary>
public sealed record RulerTask(string Name, string Family)
{
    public Haystack Haystack { get; init; } = Haystack.Essay;
    public NeedleType KeyType { get; init; } = NeedleType.Words;
    public NeedleType ValueType { get; init; } = NeedleType.Numbers;
    public int Keys { get; init; } = 1;
    public int ValuesPerKey { get; init; } = 1;
    public int QueriedKeys { get; init; } = 1;
    public int Chains { get; init; } = 1;
    public int Hops { get; init; } = 4;
    public int CommonWords { get; init; } = 10;
    public int CommonFrequency { get; init; } = 30;
    public int UncommonFrequency { get; init; } = 3;
    public double Alpha { get; init; } = 2.0;

    /// <summary>For QA: how many gold passages a question needs (1 = qa_1; 2 = our two-passage qa_2).</summary>
    public int GoldPassages { get; init; } = 1;

    public const string Niah = "niah";
    public const string VariableTracking = "vt";
    public const string CommonWordsExtraction = "cwe";
    public const string FrequentWordsExtraction = "fwe";
    public const string Qa = "qa";

    public static IReadOnlyList<RulerTask> All { get; } =
    [
        new("niah_single_1", Niah) { Haystack = Haystack.Repeat },
        new("niah_single_2", Niah),
        new("niah_single_3", Niah) { ValueType = NeedleType.Uuids },
        new("niah_multikey_1", Niah) { Keys = 4 },
        new("niah_multikey_2", Niah) { Haystack = Haystack.Needle },
        new("niah_multikey_3", Niah) { Haystack = Haystack.Needle, KeyType = NeedleType.Uuids, ValueType = NeedleType.Uuids },
        new("niah_multivalue", Niah) { ValuesPerKey = 4 },
        new("niah_multiquery", Niah) { Keys = 4, QueriedKeys = 4 },
        new("vt", VariableTracking),
        new("cwe", CommonWordsExtraction),
        new("fwe", FrequentWordsExtraction),
        new("qa_1", Qa),
        new("qa_2", Qa) { GoldPassages = 2 },
    ];

    public static RulerTask Named(string name)
        => All.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new DatasetBuildException($"Unknown RULER task '{name}'; known: {string.Join(", ", All.Select(t => t.Name))}.");
}
