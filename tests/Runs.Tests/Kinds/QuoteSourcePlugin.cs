using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Tests.Plugins;

/// <summary>The plug-in kind of docs/adding-a-dataset.md, whole: which document a verbatim quote comes from (shared by the Runs and Worker tests).</summary>
internal static class QuoteSource
{
    public static TaskKind Kind { get; } = new("quote-source", KindGold.Documents, "name the document a verbatim quote comes from");

    public static TaskKindProfile Profile { get; } = new(
        Kind,
        new LoftKindPrompt(
            "You are given a list of speeches. Then you are given a quote; find the speech it comes from.",
            "End with that speech's ID in this format:\nFinal Answer: [id]",
            "Which speech is this quote from?",
            example => LoftPromptFormat.FormatList(example.GoldDocIds.Take(1).ToList(), quote: false))
        {
            MayDecline = false,
        })
    {
        Reader = ReaderSkill.Rank(1),
    };
}

/// <summary>The plug-in kind's metric: 1 when the first id named is a gold document.</summary>
internal sealed class QuoteSourceMetric : IMetric
{
    public TaskKind Kind => QuoteSource.Kind;

    public string PrimaryScore => "source_hit";

    public string Origin => "the team's";

    public IReadOnlyList<string> ScoreNames { get; } = ["source_hit"];

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyDictionary<string, double>>(new Dictionary<string, double>
        {
            ["source_hit"] = prediction is { Count: > 0 } && query.GoldDocIds.Contains(prediction[0].Trim(), StringComparer.Ordinal) ? 1 : 0,
        });
}
