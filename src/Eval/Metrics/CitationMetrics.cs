using System.Text.RegularExpressions;
using LoftCompare.Corpora.Text;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// ALCE citation recall and precision (Gao et al., 2023). The answer is split into sentences, each with its citations
/// <c>[1][3]</c>. Recall: a sentence counts when it has citations and their passages together entail it. Precision: a
/// citation counts when its sentence is supported and the citation is not irrelevant — irrelevant meaning its passage
/// alone does not entail the sentence while the sentence's other citations still do.
/// </summary>
public sealed partial class CitationMetrics(IEntailmentJudge judge)
{
    public string JudgeName => judge.Name;

    /// <summary>(recall, precision) for one answer; passages are addressed by their 1-based number in the prompt (<c>[1][3]</c>, HELMET/ALCE).</summary>
    public Task<(double Recall, double Precision)> ScoreAsync(string answer, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
        => ScoreAsync(answer, passages.Select((p, i) => (Key: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Passage: p)).ToDictionary(p => p.Key, p => p.Passage), cancellationToken);

    /// <summary>(recall, precision) for one answer whose citations name passages by key (<c>[d12]</c>: a document id).</summary>
    public async Task<(double Recall, double Precision)> ScoreAsync(string answer, IReadOnlyDictionary<string, string> passages, CancellationToken cancellationToken = default)
    {
        var sentences = SentenceSplitter.Split(answer).Select(s => (Text: Strip(s), Cited: Cited(s, passages))).Where(s => s.Text.Length > 0).ToList();
        if (sentences.Count == 0)
        {
            return (0, 0);
        }

        var supported = 0;
        var citations = 0;
        var correctCitations = 0;
        foreach (var (text, cited) in sentences)
        {
            citations += cited.Count;
            if (cited.Count == 0 || !await judge.EntailsAsync(Join(cited, passages), text, cancellationToken))
            {
                continue;
            }

            supported++;
            foreach (var citation in cited)
            {
                var alone = await judge.EntailsAsync(passages[citation], text, cancellationToken);
                var rest = cited.Where(c => c != citation).ToList();
                var irrelevant = !alone && rest.Count > 0 && await judge.EntailsAsync(Join(rest, passages), text, cancellationToken);
                correctCitations += irrelevant ? 0 : 1;
            }
        }

        return ((double)supported / sentences.Count, citations == 0 ? 0 : (double)correctCitations / citations);
    }

    /// <summary>The answer without its citation markers.</summary>
    public static string Strip(string answer) => Citation().Replace(answer, string.Empty).Trim();

    /// <summary>The keys cited anywhere in the answer, in order of first citation.</summary>
    public static IReadOnlyList<string> CitedKeys(string answer) => Citation().Matches(answer).Select(m => m.Groups["key"].Value.Trim()).Distinct(StringComparer.Ordinal).ToList();

    private static List<string> Cited(string sentence, IReadOnlyDictionary<string, string> passages)
        => Citation().Matches(sentence).Select(m => m.Groups["key"].Value.Trim()).Where(passages.ContainsKey).Distinct(StringComparer.Ordinal).ToList();

    private static string Join(IEnumerable<string> cited, IReadOnlyDictionary<string, string> passages) => string.Join("\n", cited.Select(c => passages[c]));

    [GeneratedRegex(@"\[(?<key>[^\[\]\n]{1,80})\]")]
    private static partial Regex Citation();
}
