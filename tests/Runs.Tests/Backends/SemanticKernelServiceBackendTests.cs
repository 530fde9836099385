using System.Runtime.CompilerServices;
using LoftCompare.Results;
using LoftCompare.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Tests.Backends;

/// <summary>A plug-in's own Semantic Kernel chat service, registered by model id, is a model suites can name.</summary>
public sealed class SemanticKernelServiceBackendTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    /// <summary>A team's connector: here it answers from the prompt's last line, and records what it was asked.</summary>
    private sealed class TeamConnector : IChatCompletionService
    {
        public List<string> Prompts { get; } = [];

        public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>();

        public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
        {
            Prompts.Add(chatHistory[^1].Content!);
            return Task.FromResult<IReadOnlyList<ChatMessageContent>>([new ChatMessageContent(AuthorRole.Assistant, "Final Answer: ['Congress']")]);
        }

        public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Prompts.Add(chatHistory[^1].Content!);
            await Task.Yield();
            yield return new StreamingChatMessageContent(AuthorRole.Assistant, "Final Answer: ['Congress']") { Metadata = new Dictionary<string, object?> { ["FinishReason"] = "Stop" } };
        }
    }

    [Fact]
    public async Task A_keyed_chat_completion_service_answers_for_the_model_id_suites_name()
    {
        var connector = new TeamConnector();
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var launcher = new ServiceCollection()
            .AddKeyedSingleton<IChatCompletionService>("team-llm", connector)
            .AddLoftCompare(store, workspace.Options)
            .BuildServiceProvider()
            .GetRequiredService<RunLauncher>();
        var suite = workspace.WriteSuite($$"""
            { "name": "sk", "pipelines": ["long-context"], "models": { "longContext": "team-llm" },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ] }
            """);

        var outcome = await launcher.RunAsync(new RunLaunch { SuitePath = suite });

        Assert.Equal(RunStatus.Succeeded, outcome.Summary.Status);
        Assert.Equal(2, connector.Prompts.Count);
        Assert.All(connector.Prompts, p => Assert.Contains("====== Now let's start! ======", p)); // it received the LOFT prompt
        var rows = await store.GetResultsAsync(outcome.Summary.RunId);
        Assert.All(rows, r => Assert.Equal(("team-llm", "Congress"), (r.ModelId, r.Prediction![0])));
        Assert.Contains("Semantic Kernel chat service 'team-llm'", (await store.GetRunAsync(outcome.Summary.RunId))!.Models["team-llm"]);
    }

    public void Dispose() => workspace.Dispose();
}
