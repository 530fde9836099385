using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Shipped.Ruler;

/// <summary>
/// Generates RULER's synthetic tasks (Hsieh et al., 2024) with their published parameters: one context per sample,
/// sized by binary search with a real tokenizer so it lands within the tolerance below the target, seeded and
/// deterministic (units are at most ~50 tokens, so targets from 3k tokens up always land within 2%). Contexts are split into documents of about <see cref="WordsPerDocument"/> words so a retriever can
/// index them; each query names its own context (<see cref="Query.ContextIds"/>) and its gold documents, and the
/// relative depth of every gold unit is recorded. Sentences are our own wording; the structure follows RULER.
/// </summary>
public static class RulerGenerator
{
    public const int WordsPerDocument = 100;

    /// <summary>The filler line of the repeat haystack and variable tracking's noise (our own words).</summary>
    public const string Filler = "The river runs north. The hills are quiet. The lamp is lit. On we walk. Back and forth again.";

    public static RulerSet Generate(RulerOptions options)
    {
        var corpus = new List<Document>();
        var queries = new List<Query>();
        var tokens = new List<int>();
        var depths = new List<IReadOnlyList<double>>();
        int? previous = null;
        for (var s = 0; s < options.Samples; s++)
        {
            var seed = unchecked((options.Seed * 31) + s);
            Func<int, RulerSample> build = options.Task.Family switch
            {
                RulerTask.Niah => n => RulerSamples.Niah(options, seed, n),
                RulerTask.VariableTracking => n => RulerSamples.VariableTracking(options.Task, seed, n),
                RulerTask.CommonWordsExtraction => n => RulerSamples.CommonWords(options, seed, n),
                RulerTask.FrequentWordsExtraction => n => RulerSamples.FrequentWords(options, seed, n),
                RulerTask.Qa => n => RulerSamples.Qa(options, seed, n),
                _ => throw new ArgumentException($"Unknown RULER family '{options.Task.Family}'."),
            };
            var (sample, size, count) = Fit(options, build, previous);
            previous = size;
            var ids = sample.Documents.Select((_, d) => $"s{s + 1:D2}-d{d + 1:D3}").ToList();
            corpus.AddRange(sample.Documents.Select((text, d) => new Document(ids[d], string.Empty, text)));
            queries.Add(new Query($"q{s + 1:D3}", sample.Question, sample.Answers, sample.GoldDocuments.Select(d => ids[d]).Distinct().ToList()) { ContextIds = ids });
            tokens.Add(count);
            depths.Add(sample.Depths);
        }

        return new RulerSet(corpus, queries, tokens, depths);
    }

    /// <summary>The context's text as a model sees it (documents one per line) and as it is counted.</summary>
    public static string ContextText(IEnumerable<string> documents) => string.Join("\n", documents);

    /// <summary>The largest haystack size whose context fits the target, searched from the previous sample's size.</summary>
    private static (RulerSample Sample, int Size, int Tokens) Fit(RulerOptions options, Func<int, RulerSample> build, int? hint)
    {
        int Count(int n) => options.CountTokens(ContextText(build(n).Documents));
        var low = 1;
        var high = Math.Max(2, hint is { } h ? h * 2 : 64);
        var grown = -1;
        while (Count(high) is var count && count <= options.TargetTokens)
        {
            if (count == grown)
            {
                throw new DatasetBuildException($"{options.Task.Name}: the material runs out at {count:N0} tokens, short of {options.TargetTokens:N0} (more words or prose needed).");
            }

            (grown, low, high) = (count, high, high * 2);
        }

        if (Count(low) > options.TargetTokens)
        {
            throw new DatasetBuildException($"{options.Task.Name}: even the smallest context exceeds {options.TargetTokens:N0} tokens.");
        }

        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            (low, high) = Count(middle) <= options.TargetTokens ? (middle, high) : (low, middle);
        }

        var sample = build(low);
        var tokens = options.CountTokens(ContextText(sample.Documents));
        if (tokens < (1 - options.Tolerance) * options.TargetTokens)
        {
            throw new DatasetBuildException($"{options.Task.Name}: the closest context has {tokens:N0} tokens, more than {options.Tolerance:P0} below {options.TargetTokens:N0} (not enough material?).");
        }

        return (sample, low, tokens);
    }
}
