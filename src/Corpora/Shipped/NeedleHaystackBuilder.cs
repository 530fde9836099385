using LoftCompare.Corpora.Tasks;
using LoftCompare.Corpora.Text;

namespace LoftCompare.Corpora.Shipped;

/// <summary>
/// Builds RULER-style needle-in-a-haystack probes (niah_single_2: an essay haystack with "special magic number"
/// needles) over public-domain prose. One haystack is shared by all queries: each query asks for a different key, its
/// needle planted at its own depth, so depths spread evenly from start to end. The haystack is sized to the target by
/// binary search over the number of sentences with the given tokenizer. Deterministic for a seed.
/// </summary>
public static class NeedleHaystackBuilder
{
    public static NeedleHaystack Build(IReadOnlyList<string> prose, NeedleOptions options)
    {
        var random = new Random(options.Seed);
        var sentences = prose.SelectMany(SentenceSplitter.Split).ToList();
        var vocabulary = sentences.SelectMany(s => Words.Find(s)).Select(w => w.Text.ToLowerInvariant()).Where(w => w.Length >= 5 && w.All(char.IsAsciiLetterLower)).Distinct().Order(StringComparer.Ordinal).ToList();

        // Keys pair two haystack words with a hyphen; a key found anywhere in the prose is drawn again, so it appears only in its needle.
        var keys = new List<string>();
        while (keys.Count < options.Needles)
        {
            var key = $"{vocabulary[random.Next(vocabulary.Count)]}-{vocabulary[random.Next(vocabulary.Count)]}";
            if (!keys.Contains(key) && !sentences.Any(s => s.Contains(key, StringComparison.OrdinalIgnoreCase)))
            {
                keys.Add(key);
            }
        }

        var values = new HashSet<int>();
        while (values.Count < options.Needles)
        {
            values.Add(random.Next(1_000_000, 10_000_000));
        }

        var needles = keys.Zip(values, (key, value) => (Key: key, Value: value.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var needleSentences = needles.Select(n => $"One of the special magic numbers for {n.Key} is: {n.Value}.").ToList();
        var needleTokens = needleSentences.Sum(options.CountTokens);

        // Binary search for the number of haystack sentences whose text, with the needles, is closest to the target.
        var (low, high) = (1, sentences.Count);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (options.CountTokens(string.Join(' ', sentences.Take(middle))) + needleTokens <= options.TargetTokens)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var haystack = sentences.Take(low).ToList();
        var depths = Enumerable.Range(0, options.Needles).Select(i => (i + 0.5) / options.Needles).ToList();
        var order = Enumerable.Range(0, options.Needles).ToArray();
        random.Shuffle(order); // which key goes to which depth
        var planted = new List<(string Sentence, int Needle)>(haystack.Select(s => (s, -1)));
        foreach (var position in Enumerable.Range(0, options.Needles).OrderByDescending(i => depths[i]))
        {
            planted.Insert((int)Math.Round(depths[position] * haystack.Count), (needleSentences[order[position]], order[position]));
        }

        // Passages of about PassageWords words; a needle's passage is its query's gold document.
        var corpus = new List<Document>();
        var goldByNeedle = new Dictionary<int, string>();
        var current = new List<(string Sentence, int Needle)>();
        var words = 0;
        void Flush()
        {
            var id = $"hay{corpus.Count + 1:D4}";
            corpus.Add(new Document(id, string.Empty, string.Join(' ', current.Select(c => c.Sentence))));
            foreach (var (_, needle) in current.Where(c => c.Needle >= 0))
            {
                goldByNeedle[needle] = id;
            }

            current.Clear();
            words = 0;
        }

        foreach (var item in planted)
        {
            current.Add(item);
            words += Words.Find(item.Sentence).Count;
            if (words >= options.PassageWords)
            {
                Flush();
            }
        }

        if (current.Count > 0)
        {
            Flush();
        }

        var queries = needles.Select((n, i) => new Query($"n{i + 1:D3}", $"What is the special magic number for {n.Key} mentioned in the provided text?", [n.Value], [goldByNeedle[i]])).ToList();
        var tokens = options.CountTokens(string.Join(' ', planted.Select(p => p.Sentence)));
        var positions = corpus.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i);
        return new NeedleHaystack(corpus, queries, tokens, queries.Select(q => positions[q.GoldDocIds[0]] / (double)Math.Max(1, corpus.Count - 1)).ToList());
    }
}
