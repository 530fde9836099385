using System.Text.RegularExpressions;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Shipped;

/// <summary>
/// Re-rank and citation sets derived from a State of the Union cloze build: the same passages and questions, with the
/// gold each task needs. Re-rank grades are 2 for the passage holding the quoted sentence and 1 for the other
/// passages of the same address (the question names the address, so they are on topic); everything else is 0.
/// Multi-value questions ask for every year whose address, in the corpus, mentions a proper name.
/// </summary>
public static partial class SotuTaskSets
{
    /// <summary>
    /// QUEST-style multi-value questions over the corpus: "In which years … is {Name} mentioned?", for proper names (capitalised
    /// mid-sentence) found in the passages of 2 to 5 different years; the answers are those years and the gold documents
    /// every passage that names it. Answering needs every such passage, which is where reading the whole corpus pays.
    /// </summary>
    public static IReadOnlyList<Query> MultiValue(IReadOnlyList<Document> corpus, int count, int seed)
    {
        var names = corpus.SelectMany(d => ProperName().Matches(d.Text).Select(m => m.Groups["name"].Value)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var candidates = new List<(string Name, List<string> Years, List<string> Gold)>();
        foreach (var name in names)
        {
            var pattern = new Regex($@"\b{Regex.Escape(name)}\b");
            var gold = corpus.Where(d => pattern.IsMatch(d.Text)).ToList();
            var years = gold.Select(d => Year(d.Title)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (years.Count is >= 2 and <= 5 && corpus.All(d => !d.Title.Contains(name, StringComparison.Ordinal)))
            {
                candidates.Add((name, years, gold.Select(d => d.Id).ToList()));
            }
        }

        var random = new Random(seed);
        return candidates.OrderBy(_ => random.Next()).Take(count)
            .Select((c, i) => new Query($"q{i + 1:D3}", $"In which years' State of the Union addresses, among these documents, is {c.Name} mentioned? List every year.", c.Years, c.Gold))
            .ToList();
    }

    /// <summary>"State of the Union, 1862 (Abraham Lincoln), part 3" → "1862".</summary>
    public static string Year(string title) => YearInTitle().Match(title).Value;

    [GeneratedRegex(@"(?<=[a-z,;] )(?<name>[A-Z][a-z]{3,})\b")]
    private static partial Regex ProperName();

    [GeneratedRegex(@"\b\d{4}\b")]
    private static partial Regex YearInTitle();

    public static IReadOnlyList<Query> Rerank(IReadOnlyList<Document> corpus, IReadOnlyList<Query> queries)
    {
        var addressOf = corpus.ToDictionary(d => d.Id, d => Address(d.Title), StringComparer.Ordinal);
        return queries.Select(q =>
        {
            var gold = q.GoldDocIds[0];
            var relevance = corpus.Where(d => addressOf[d.Id] == addressOf[gold]).ToDictionary(d => d.Id, d => d.Id == gold ? 2 : 1, StringComparer.Ordinal);
            var ranked = relevance.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Key).ToList();
            return new Query(q.Id, q.Text, [], ranked) { Relevance = relevance };
        }).ToList();
    }

    /// <summary>"State of the Union, 1861 (Abraham Lincoln), part 3" → "State of the Union, 1861 (Abraham Lincoln)".</summary>
    public static string Address(string title)
    {
        var part = title.LastIndexOf(", part ", StringComparison.Ordinal);
        return part < 0 ? title : title[..part];
    }
}
