namespace LoftCompare.Eval.Metrics;

/// <summary>RULER's scorers (RULER scripts/eval/synthetic/constants.py): case-insensitive containment of the references.</summary>
public static class RulerMetrics
{
    /// <summary>string_match_all: the share of references that occur in the prediction.</summary>
    public static double StringMatchAll(string prediction, IReadOnlyList<string> references)
        => references.Count == 0 ? 0 : references.Count(r => Contains(prediction, r)) / (double)references.Count;

    /// <summary>string_match_part: 1 when any reference occurs in the prediction.</summary>
    public static double StringMatchPart(string prediction, IReadOnlyList<string> references)
        => references.Any(r => Contains(prediction, r)) ? 1.0 : 0.0;

    private static bool Contains(string prediction, string reference)
        => prediction.ToLowerInvariant().Contains(reference.ToLowerInvariant(), StringComparison.Ordinal);
}
