using System.Diagnostics;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Tokens;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Running;

/// <summary>Sends one prompt to a chat model with deterministic options and measures it; shared by both pipelines so they are timed alike.</summary>
public sealed class ModelCall(IChatClient model, ITokenCounter tokens, int maxOutputTokens = 256)
{
    public async Task<(string Output, IReadOnlyList<string>? Parsed, int InputTokens, int OutputTokens, double ModelMs)> SendAsync(TaskKind kind, string prompt, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            Temperature = 0,
            MaxOutputTokens = maxOutputTokens,
            AdditionalProperties = new AdditionalPropertiesDictionary { [ExtractiveReaderChatClient.TaskKindProperty] = TaskKinds.Name(kind) },
        };
        var started = Stopwatch.GetTimestamp();
        var response = await model.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], options, cancellationToken);
        var modelMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var output = response.Text;
        return (output, FinalAnswerParser.Parse(output), tokens.Count(prompt), tokens.Count(output), modelMs);
    }
}
