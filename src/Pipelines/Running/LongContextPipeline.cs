using System.Diagnostics;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Running;

/// <summary>The whole corpus in the prompt (LOFT corpus-in-context), answered by a long-context model.</summary>
public sealed class LongContextPipeline(ModelCall model, string modelId, LoftPromptFormat format) : IPipeline
{
    public const string PipelineName = "long-context";

    public string Name => PipelineName;

    public string ModelIdFor(TaskKind kind) => modelId;

    public Task PrepareAsync(TaskSet taskSet, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<PipelineOutput> RunAsync(TaskSet taskSet, Query query, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var prompt = format.Build(taskSet, taskSet.Corpus, query);
        var (output, parsed, inputTokens, outputTokens, modelMs) = await model.SendAsync(taskSet.Kind, prompt.Text, cancellationToken);
        return new PipelineOutput(output, parsed, [], inputTokens, outputTokens, 0, modelMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
