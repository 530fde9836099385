using System.Diagnostics;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Running;

/// <summary>
/// The whole corpus in the prompt (LOFT corpus-in-context), answered by a long-context model. When the corpus does not
/// fit the model's window the overflow policy applies — truncate (keeping corpus order, blind to gold) or skip — and
/// the row says so; nothing is cut silently.
/// </summary>
public sealed class LongContextPipeline(ModelCall model, string modelId, IPromptFormat format, ContextOverflow overflow = ContextOverflow.Truncate) : IPipeline
{
    public const string PipelineName = "long-context";

    // The corpus's id map, built once per task set rather than once per query (HELMET pools ~100k passages).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<Document>, Dictionary<string, Document>> idMaps = new();

    public string Name => PipelineName;

    public string ModelIdFor(TaskKind kind) => modelId;

    // The prompt prefix every whole-corpus query shares (instructions, corpus, few-shot), counted once per task set.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<TaskSet, SharedPrefix> prefixes = new();

    public Task PrepareAsync(TaskSet taskSet, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>The shared corpus prefix, which a server's prefix cache fills once and reuses for every later query.</summary>
    public SetupWork DescribeSetup(TaskSet taskSet) => new(0, modelId, PrefixOf(taskSet).Tokens);

    public async Task<PipelineOutput> RunAsync(TaskSet taskSet, Query query, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var context = query.ContextIds.Count == 0
            ? taskSet.Corpus
            : taskSet.ContextOf(query, idMaps.GetValue(taskSet.Corpus, corpus => corpus.ToDictionary(d => d.Id, StringComparer.Ordinal)));
        var prompt = format.Build(taskSet, context, query);
        string? note = null;

        // A prompt is counted once: here only when a window must be checked, and the count travels with the prompt.
        int? promptTokens = model.ContextWindow is null ? null : model.CountTokens(prompt.Text);
        if (overflow == ContextOverflow.Truncate && promptTokens is { } counted && !model.Fits(counted))
        {
            var kept = LargestFittingPrefix(taskSet, context, query);
            prompt = format.Build(taskSet, context.Take(kept).ToList(), query);
            promptTokens = null;
            note = $"corpus truncated to the first {kept} of {context.Count} documents to fit the {model.ContextWindow:N0}-token window";
        }

        var reply = await model.SendAsync(taskSet.Kind, prompt.Text, promptTokens, cancellationToken);
        reply = reply with { Parsed = format.Parse(taskSet.Kind, reply.Output, prompt) };

        // Queries over the whole corpus share its prefix; a query with its own context, or a cut corpus, shares nothing.
        var shared = query.ContextIds.Count == 0 && note is null && PrefixOf(taskSet) is { Tokens: > 0 } prefix && prompt.Text.StartsWith(prefix.Text, StringComparison.Ordinal) ? prefix.Tokens : 0;
        return PipelineOutput.From(modelId, reply, [], 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds, note, Math.Min(shared, reply.InputTokens));
    }

    /// <summary>
    /// The longest prefix of a whole-corpus prompt that does not depend on the query: the prompt for one query and for
    /// the same query with other text agree up to where the query's text begins. Format-neutral, computed once.
    /// </summary>
    private SharedPrefix PrefixOf(TaskSet taskSet) => prefixes.GetValue(taskSet, set =>
    {
        var probe = set.Queries.FirstOrDefault(q => q.ContextIds.Count == 0);
        if (probe is null)
        {
            return new SharedPrefix(string.Empty, 0);
        }

        var a = format.Build(set, set.Corpus, probe).Text;
        var b = format.Build(set, set.Corpus, probe with { Text = "\u0001" }).Text;
        var length = a.AsSpan().CommonPrefixLength(b);
        var prefix = a[..length];
        return new SharedPrefix(prefix, length == 0 ? 0 : model.CountTokens(prefix));
    });

    private sealed record SharedPrefix(string Text, int Tokens);

    /// <summary>Binary search for the most leading documents whose prompt fits.</summary>
    private int LargestFittingPrefix(TaskSet taskSet, IReadOnlyList<Document> context, Query query)
    {
        var (low, high) = (0, context.Count);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (model.Fits(model.CountTokens(format.Build(taskSet, context.Take(middle).ToList(), query).Text)))
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }
}
