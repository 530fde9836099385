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

    /// <summary>(recall, precision) for one answer; passages are addressed by their 1-based number in the prompt.</summary>
    public async Task<(double Recall, double Precision)> ScoreAsync(string answer, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        var sentences = SentenceSplitter.Split(answer).Select(s => (Text: Citation().Replace(s, string.Empty).Trim(), Cited: Cited(s, passages.Count))).ToList();
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

    private static List<int> Cited(string sentence, int passageCount)
        => Citation().Matches(sentence).Select(m => int.Parse(m.Groups["n"].Value) - 1).Where(i => i >= 0 && i < passageCount).Distinct().ToList();

    private static string Join(IEnumerable<int> cited, IReadOnlyList<string> passages) => string.Join("\n", cited.Select(i => passages[i]));

    [GeneratedRegex(@"\[(?<n>\d+)\]")]
    private static partial Regex Citation();
}
