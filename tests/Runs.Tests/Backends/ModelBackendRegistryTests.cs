using LoftCompare.Results;
using LoftCompare.Pipelines.Running;
using LoftCompare.Runs.Backends;
using LoftCompare.Runs.Suites;
using LoftCompare.Storage.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using LoftCompare.Runs.Execution;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Tests.Backends;

/// <summary>A plug-in's model backend, registered in code, serves a model the suite names, through the same composition root.</summary>
public sealed class ModelBackendRegistryTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task A_plugged_in_backend_serves_its_model_and_its_label_is_recorded_with_the_run()
    {
        var suite = workspace.WriteSuite($$"""
            {
              "name": "plug-in",
              "pipelines": ["long-context"],
              "models": { "longContext": "team-model" },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ]
            }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var backend = new TeamBackend();
        await using var services = new ServiceCollection()
            .AddSingleton<IModelBackend>(backend)
            .AddLoftCompare(store, workspace.Options)
            .BuildServiceProvider();

        var outcome = await services.GetRequiredService<RunLauncher>().RunAsync(new RunLaunch { SuitePath = suite });

        Assert.Equal((RunStatus.Succeeded, 2), (outcome.Summary.Status, outcome.Summary.Recorded));
        Assert.Equal(2, backend.Calls);
        Assert.All(await store.GetResultsAsync(outcome.Summary.RunId), r => Assert.Equal(("team-model", "Congress"), (r.ModelId, Assert.Single(r.Prediction!))));
        Assert.Equal("the production model of the team", (await store.GetRunAsync(outcome.Summary.RunId))!.Models["team-model"]);
    }

    [Fact]
    public async Task A_model_no_backend_serves_is_refused_naming_the_field()
    {
        var suite = workspace.WriteSuite("""{ "name": "x", "models": { "reader": "nobody-serves-me" }, "tasks": [ { "name": "t", "path": "x" } ] }""");
        var (loaded, _) = await SuiteLoader.LoadAsync(suite, TestCatalog.Vocabulary);

        var error = Assert.Throws<SuiteException>(() => RunEnvironment.Create(loaded, suite, workspace.DataDirectory, TestCatalog.BuiltIn));

        Assert.Contains("Unknown model 'nobody-serves-me' in 'models.reader'", error.Message);
    }

    public void Dispose() => workspace.Dispose();

    private sealed class TeamBackend : IModelBackend
    {
        public int Calls => client.Calls;

        private readonly ScriptedClient client = new();

        public bool Serves(string modelId, Suite suite) => modelId == "team-model";

        public OpenedModel Open(string modelId, ModelBackendContext context) => new(new ModelCall(client, context.Tokens), "the production model of the team");
    }

    private sealed class ScriptedClient : IChatClient
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref calls);
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Final Answer: ['Congress']") { FinishReason = ChatFinishReason.Stop };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
