using LoftCompare.Results;
using LoftCompare.Pipelines.Tests.Models;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Tests.Backends;

/// <summary>An Azure OpenAI deployment through Semantic Kernel's connector, against a local server that demands the <c>api-key</c> header.</summary>
public sealed class AzureOpenAiBackendTests : IDisposable
{
    private readonly TestWorkspace workspace = new();
    private readonly LocalOpenAiServer server = new();
    private readonly string variable = $"LOFTCOMPARE_TEST_AZURE_KEY_{Guid.NewGuid():N}";

    /// <summary>A team's own prompt as a Semantic Kernel template.</summary>
    private const string Templates = """{ "team-prompt": { "template": "Passages:\n{{$corpus}}\n\nQuestion: {{$query_text}}\nEnd with Final Answer: ['...']", "document": "<{{$id}}> {{$text}}" } }""";

    private string Suite(string templateFormat = "loft") => workspace.WriteSuite($$"""
        {
          "name": "azure",
          "pipelines": ["long-context"],
          "promptFormat": "{{templateFormat}}",
          "promptTemplates": {{Templates}},
          "models": { "longContext": "azure-4o" },
          "endpoints": { "azure-4o": { "kind": "azure-openai", "baseUrl": "{{new Uri(server.BaseUrl, "/")}}", "deployment": "gpt4o-eval", "model": "gpt-4o", "apiKeyEnv": "{{variable}}", "maxRetries": 0 } },
          "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ]
        }
        """);

    [Fact]
    public async Task A_suite_runs_end_to_end_on_an_azure_deployment_sending_the_key_as_api_key_and_never_storing_it()
    {
        Environment.SetEnvironmentVariable(variable, "azure-secret-never-stored");
        server.RequiresApiKey("azure-secret-never-stored").ByDefaultStreams("Final Answer: ['Congress']");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);

        var outcome = await workspace.Launcher(store).RunAsync(new RunLaunch { SuitePath = Suite() });

        var rows = await store.GetResultsAsync(outcome.Summary.RunId);
        Assert.True(outcome.Summary.Status == RunStatus.Succeeded, string.Join("\n", rows.Select(r => r.Error)));
        Assert.All(rows, r => Assert.Equal((ExampleOutcome.Succeeded, "Congress"), (r.Outcome, r.Prediction![0])));
        Assert.True(server.Received.TryDequeue(out var request));
        Assert.StartsWith("/openai/deployments/gpt4o-eval/chat/completions?api-version=", request.PathAndQuery);
        Assert.Equal("azure-secret-never-stored", request.ApiKey);
        var run = (await store.GetRunAsync(outcome.Summary.RunId))!;
        Assert.DoesNotContain("azure-secret-never-stored", run.SuiteJson + string.Join(" ", run.Models.Values) + string.Join(" ", rows.Select(r => r.RawOutput + r.Error)));
        Assert.Contains("Azure OpenAI deployment 'gpt4o-eval'", run.Models["azure-4o"]);
    }

    [Fact]
    public async Task A_suite_with_its_own_template_prompt_runs_on_the_azure_deployment_end_to_end()
    {
        Environment.SetEnvironmentVariable(variable, "azure-secret-never-stored");
        server.RequiresApiKey("azure-secret-never-stored").ByDefaultStreams("Final Answer: ['Congress']");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);

        var outcome = await workspace.Launcher(store).RunAsync(new RunLaunch { SuitePath = Suite("team-prompt") });

        Assert.Equal(RunStatus.Succeeded, outcome.Summary.Status);
        Assert.True(server.Requests.TryDequeue(out var request));
        var prompt = request.Body.GetProperty("messages")[0].GetProperty("content").GetString()!;
        Assert.StartsWith("Passages:\n<", prompt); // the team's template, not LOFT's layout
        Assert.DoesNotContain("| END ID:", prompt);
        Assert.Contains("\n\nQuestion: ", prompt);
        Assert.All(await store.GetResultsAsync(outcome.Summary.RunId), r => Assert.Equal(("Congress", "subspan_em"), (r.Prediction![0], r.PrimaryMetric)));
    }

    [Fact]
    public async Task A_wrong_key_fails_every_example_with_the_servers_401_and_the_run_says_so()
    {
        Environment.SetEnvironmentVariable(variable, "wrong-key");
        server.RequiresApiKey("right-key").ByDefaultStreams("Final Answer: ['Congress']");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);

        var outcome = await workspace.Launcher(store).RunAsync(new RunLaunch { SuitePath = Suite() });

        Assert.Equal(RunStatus.Failed, outcome.Summary.Status);
        Assert.All(await store.GetResultsAsync(outcome.Summary.RunId), r => Assert.Contains("401", r.Error));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(variable, null);
        server.Dispose();
        workspace.Dispose();
    }
}
