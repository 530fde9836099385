using System.Globalization;

namespace LoftCompare.Corpora.Shipped.Ruler;

/// <summary>One generated sample: its context split into documents, which of them hold the gold, the question and answers.</summary>
internal sealed record RulerSample(IReadOnlyList<string> Documents, IReadOnlyList<int> GoldDocuments, string Question, IReadOnlyList<string> Answers, IReadOnlyList<double> Depths);

/// <summary>
/// Builds one RULER sample of each family for a haystack of a given size (sentences, lines, list items, words or
/// distractor sentences); the needles come from the sample's seed, so every size tried keeps the same needles.
/// </summary>
internal static class RulerSamples
{
    private static readonly int[] Depths = Enumerable.Range(0, 40).Select(i => (int)Math.Round(i * 100.0 / 39)).ToArray();

    public static RulerSample Niah(RulerOptions options, int seed, int size)
    {
        var task = options.Task;
        var random = new Random(seed);
        var valueNoun = Plural(task.ValueType);
        var keys = new List<string>();
        while (keys.Count < Math.Max(task.Keys, task.QueriedKeys))
        {
            var key = Draw(random, task.KeyType, options.Vocabulary);
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        var values = keys.Select(_ => Enumerable.Range(0, task.ValuesPerKey).Select(_ => Draw(random, task.ValueType, options.Vocabulary)).ToList()).ToList();
        var needles = keys.SelectMany((key, k) => values[k].Select(value => (Key: k, Text: $"One of the special magic {valueNoun} for {key} is: {value}."))).ToArray();
        random.Shuffle(needles);
        var queried = Enumerable.Range(0, keys.Count).OrderBy(_ => random.Next()).Take(task.QueriedKeys).Order().ToList();

        // The haystack depends on the size; its own generator keeps the needles above identical for every size tried.
        var haystackRandom = new Random(seed ^ 0x5f3759df);
        var units = task.Haystack switch
        {
            Haystack.Essay => Essay(options, size),
            Haystack.Repeat => Enumerable.Repeat(RulerGenerator.Filler, size).ToList(),
            _ => Enumerable.Range(0, size).Select(_ => $"One of the special magic {valueNoun} for {Draw(haystackRandom, task.KeyType, options.Vocabulary)} is: {Draw(haystackRandom, task.ValueType, options.Vocabulary)}.").ToList(),
        };
        var positions = task.Haystack == Haystack.Essay
            ? Depths.OrderBy(_ => haystackRandom.Next()).Take(needles.Length).Select(d => (int)(units.Count * (d / 100.0))).Order().ToList()
            : Positions(haystackRandom, units.Count + 1, needles.Length);
        var placed = Insert(units, needles.Select(n => n.Text).ToList(), positions);
        var gold = placed.Where((_, i) => queried.Contains(needles[i].Key)).ToList();
        var keysAsked = queried.Select(k => keys[k]).ToList();
        var question = keysAsked.Count * task.ValuesPerKey == 1
            ? $"What is the special magic {valueNoun[..^1]} for {keysAsked[0]} mentioned in the provided text?"
            : $"What are all the special magic {valueNoun} for {JoinAnd(keysAsked)} mentioned in the provided text?";
        return Group(units, gold, question, queried.SelectMany(k => values[k]).ToList(), task.Haystack == Haystack.Essay ? " " : "\n");
    }

    public static RulerSample VariableTracking(RulerTask task, int seed, int size)
    {
        var random = new Random(seed);
        var names = new List<string>();
        while (names.Count < (task.Hops + 1) * task.Chains)
        {
            var name = new string(Enumerable.Range(0, 5).Select(_ => (char)('A' + random.Next(26))).ToArray());
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        var chains = names.Chunk(task.Hops + 1).Select(chain =>
        {
            var value = random.Next(10_000, 100_000).ToString(CultureInfo.InvariantCulture);
            return (Value: value, Names: chain, Statements: chain.Select((n, j) => j == 0 ? $"VAR {n} = {value}." : $"VAR {n} = VAR {chain[j - 1]}.").ToList());
        }).ToList();
        var units = Enumerable.Repeat(RulerGenerator.Filler, size).ToList();
        var haystackRandom = new Random(seed ^ 0x5f3759df);
        var gold = new List<int>();
        foreach (var (chain, c) in chains.Select((chain, c) => (chain, c)))
        {
            var positions = Positions(haystackRandom, units.Count + 1, chain.Statements.Count).Select((p, j) => p + j).ToList();
            var placed = new List<int>();
            for (var j = 0; j < chain.Statements.Count; j++)
            {
                units.Insert(positions[j], chain.Statements[j]);
                gold = gold.Select(g => g >= positions[j] ? g + 1 : g).ToList();
                placed = placed.Select(g => g >= positions[j] ? g + 1 : g).ToList();
                placed.Add(positions[j]);
            }

            if (c == 0)
            {
                gold.AddRange(placed);
            }
        }

        return Group(units, gold, $"Find every variable that is assigned the value {chains[0].Value} in the text above, directly or through other variables.", chains[0].Names.ToList(), "\n");
    }

    public static RulerSample CommonWords(RulerOptions options, int seed, int size)
    {
        var task = options.Task;
        var pool = options.Vocabulary.AllWords().ToArray();
        new Random(options.Seed).Shuffle(pool);
        var random = new Random(seed);
        var chosen = pool.OrderBy(_ => random.Next()).Take(task.CommonWords + size).ToList();
        var (common, uncommon) = (chosen.Take(task.CommonWords).ToList(), chosen.Skip(task.CommonWords).ToList());

        // RULER lowers the repetitions for short contexts (below 4k tokens: 6 and 1).
        var (commonRepeats, uncommonRepeats) = options.TargetTokens < 4096 ? (6, 1) : (task.CommonFrequency, task.UncommonFrequency);
        var list = common.SelectMany(w => Enumerable.Repeat(w, commonRepeats)).Concat(uncommon.SelectMany(w => Enumerable.Repeat(w, uncommonRepeats))).ToArray();
        new Random(seed ^ 0x5f3759df).Shuffle(list);
        var units = list.Select((w, i) => $"{i + 1}. {w}").ToList();
        return Group(units, [], $"What are the {task.CommonWords} most common words in the list above?", common, " ");
    }

    public static RulerSample FrequentWords(RulerOptions options, int seed, int size)
    {
        var random = new Random(seed);
        var vocabularySize = Math.Max(20, options.TargetTokens / 50);
        var vocabulary = new List<string>();
        while (vocabulary.Count < vocabularySize)
        {
            var word = new string(Enumerable.Range(0, 6).Select(_ => (char)('a' + random.Next(26))).ToArray());
            if (!vocabulary.Contains(word))
            {
                vocabulary.Add(word);
            }
        }

        vocabulary[0] = "...."; // the most frequent "word" is noise, as in RULER; the question says to ignore it
        var zeta = Math.PI * Math.PI / 6; // ζ(2); the published alpha is 2.0
        var alpha = options.Task.Alpha;
        var norm = alpha == 2.0 ? zeta : Enumerable.Range(1, 100_000).Sum(k => Math.Pow(k, -alpha));
        var words = vocabulary.SelectMany((w, k) => Enumerable.Repeat(w, (int)(size * Math.Pow(k + 1, -alpha) / norm))).ToArray();
        new Random(seed ^ 0x5f3759df).Shuffle(words);
        return Group(words.ToList(), [], "Ignoring the dots '....', what are the three most frequently appearing coded words in the text above?", vocabulary.Skip(1).Take(3).ToList(), " ");
    }

    public static RulerSample Qa(RulerOptions options, int seed, int size)
    {
        var task = options.Task;
        if (options.QaItems.Count < task.GoldPassages || options.QaDistractors.Count == 0)
        {
            throw new DatasetBuildException($"{task.Name} needs QA items and distractor passages.");
        }

        var random = new Random(seed);
        var items = Enumerable.Range(0, options.QaItems.Count).OrderBy(_ => random.Next()).Take(task.GoldPassages).Select(i => options.QaItems[i]).ToList();
        var distractors = options.QaDistractors.Where(p => items.All(i => i.Passage != p)).OrderBy(_ => random.Next()).ToList();
        var documents = new List<string>();
        var left = size;
        foreach (var passage in distractors)
        {
            if (left <= 0)
            {
                break;
            }

            var sentences = Text.SentenceSplitter.Split(passage).Take(left).ToList();
            documents.Add(string.Join(' ', sentences));
            left -= sentences.Count;
        }

        var positions = new List<int>();
        foreach (var item in items)
        {
            var at = random.Next(documents.Count + 1);
            documents.Insert(at, item.Passage);
            positions = positions.Select(p => p >= at ? p + 1 : p).ToList();
            positions.Add(at);
        }

        var question = items.Count == 1 ? items[0].Question : $"Answer both questions. (1) {items[0].Question} (2) {items[1].Question}";
        var depths = positions.Select(p => Math.Round(p / (double)Math.Max(1, documents.Count - 1), 4)).ToList();
        return new RulerSample(documents, positions, question, items.Select(i => i.Answer).ToList(), depths);
    }

    private static List<string> Essay(RulerOptions options, int size)
    {
        if (options.EssaySentences.Count == 0)
        {
            throw new DatasetBuildException($"{options.Task.Name} needs essay sentences for its haystack.");
        }

        // Long targets may need more prose than there is; the essay then starts over, as a longer essay would.
        return Enumerable.Range(0, size).Select(i => options.EssaySentences[i % options.EssaySentences.Count]).ToList();
    }

    /// <summary><paramref name="count"/> ascending insertion slots out of <paramref name="slots"/>, distinct while there are enough.</summary>
    private static List<int> Positions(Random random, int slots, int count)
        => slots >= count
            ? Enumerable.Range(0, slots).OrderBy(_ => random.Next()).Take(count).Order().ToList()
            : Enumerable.Range(0, count).Select(_ => random.Next(slots)).Order().ToList();

    /// <summary>Inserts <paramref name="needles"/> at ascending <paramref name="positions"/> of the original units; returns where each landed.</summary>
    private static List<int> Insert(List<string> units, IReadOnlyList<string> needles, IReadOnlyList<int> positions)
    {
        var landed = new List<int>();
        for (var i = 0; i < needles.Count; i++)
        {
            units.Insert(positions[i] + i, needles[i]);
            landed.Add(positions[i] + i);
        }

        return landed;
    }

    /// <summary>Units grouped into documents of about <see cref="RulerGenerator.WordsPerDocument"/> words; gold units mark their documents.</summary>
    public static RulerSample Group(IReadOnlyList<string> units, IReadOnlyList<int> goldUnits, string question, IReadOnlyList<string> answers, string separator)
    {
        var documents = new List<string>();
        var documentOf = new int[units.Count];
        var current = new List<string>();
        var words = 0;
        for (var i = 0; i < units.Count; i++)
        {
            current.Add(units[i]);
            documentOf[i] = documents.Count;
            words += units[i].Count(c => c == ' ') + 1;
            if (words >= RulerGenerator.WordsPerDocument)
            {
                documents.Add(string.Join(separator, current));
                (current, words) = ([], 0);
            }
        }

        if (current.Count > 0)
        {
            documents.Add(string.Join(separator, current));
        }

        var depths = goldUnits.Select(u => Math.Round(u / (double)Math.Max(1, units.Count - 1), 4)).ToList();
        return new RulerSample(documents, goldUnits.Select(u => documentOf[u]).ToList(), question, answers, depths);
    }

    private static string Draw(Random random, NeedleType type, RulerVocabulary vocabulary) => type switch
    {
        NeedleType.Numbers => random.Next(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture),
        NeedleType.Uuids => Uuid(random),
        _ => $"{vocabulary.Adjectives[random.Next(vocabulary.Adjectives.Count)]}-{vocabulary.Nouns[random.Next(vocabulary.Nouns.Count)]}",
    };

    private static string Uuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }

    private static string Plural(NeedleType type) => type switch
    {
        NeedleType.Numbers => "numbers",
        NeedleType.Uuids => "uuids",
        _ => "words",
    };

    private static string JoinAnd(IReadOnlyList<string> items) => items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))}, and {items[^1]}";

}
