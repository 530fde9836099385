using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Tests.Models;

/// <summary>Chat options that tell the extractive reader the task kind, as <c>ModelCall</c> does in a run.</summary>
public static class ReaderOptions
{
    public static ChatOptions For(TaskKind kind)
        => new() { AdditionalProperties = new AdditionalPropertiesDictionary { [ChatProperties.TaskKind] = kind.Name } };
}
