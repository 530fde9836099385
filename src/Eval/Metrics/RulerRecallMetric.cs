using System.Text.RegularExpressions;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// RULER's scoring of its synthetic tasks: the whole output after RULER's post-processing (trimmed, control characters
/// turned into line breaks), with no <c>Final Answer:</c> parse, scored by string_match_all (leading) and string_match_part.
/// </summary>
public sealed partial class RulerRecallMetric : IMetric
{
    public TaskKind Kind => TaskKind.Recall;

    public string PrimaryScore => "string_match_all";

    public string Origin => "RULER";

    public IReadOnlyList<string> ScoreNames { get; } = ["string_match_all", "string_match_part"];

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, string.Join(" ", prediction ?? [])));

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, string? rawOutput, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, rawOutput ?? string.Join(" ", prediction ?? [])));

    /// <summary>RULER's <c>postprocess_pred</c>: strip, control characters to newlines, strip.</summary>
    public static string PostProcess(string output) => ControlCharacters().Replace(output.Trim(), "\n").Trim();

    private static IReadOnlyDictionary<string, double> Score(Query query, string output)
    {
        var answer = PostProcess(output);
        return new Dictionary<string, double>
        {
            ["string_match_all"] = RulerMetrics.StringMatchAll(answer, query.Answers),
            ["string_match_part"] = RulerMetrics.StringMatchPart(answer, query.Answers),
        };
    }

    [GeneratedRegex(@"[\x00-\x1f]")]
    private static partial Regex ControlCharacters();
}
