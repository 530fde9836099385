using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Pipelines.Tests.Models;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Tests.Runs;

/// <summary>A nightly that alerts: a run that regresses against the suite's previous run says so in its report, its outcome and a webhook.</summary>
public sealed class RegressionAlertTests : IDisposable
{
    private readonly TestWorkspace workspace = new();
    private readonly LocalOpenAiServer model = new();
    private readonly LocalOpenAiServer webhook = new();
    private readonly string variable = $"LOFTCOMPARE_TEST_WEBHOOK_{Guid.NewGuid():N}";

    [Fact]
    public async Task Examples_that_fail_after_succeeding_are_a_regression_reported_first_and_posted_to_the_webhook()
    {
        Environment.SetEnvironmentVariable(variable, new Uri(webhook.BaseUrl, "alert").ToString());
        model.ByDefaultStreams("Final Answer: ['Congress']");
        webhook.ByDefaultStreams("ok");
        var suite = workspace.WriteSuite($$"""
            {
              "name": "nightly",
              "pipelines": ["long-context"],
              "models": { "longContext": "local-llm" },
              "endpoints": { "local-llm": { "baseUrl": "{{model.BaseUrl}}", "model": "m", "maxRetries": 0 } },
              "alerts": { "webhookUrlEnv": "{{variable}}", "failOnRegression": true },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 3 } ]
            }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var launcher = workspace.Launcher(store);

        var first = await launcher.RunAsync(new RunLaunch { SuitePath = suite });
        Assert.Equal((RunStatus.Succeeded, null, 0), (first.Summary.Status, first.PreviousRunId, first.Regressions.Count));
        Assert.True(webhook.Requests.IsEmpty); // nothing to alert about: no previous run, nothing failed

        for (var i = 0; i < 3; i++)
        {
            model.Fails(400, "the model was unloaded");
        }

        var second = await launcher.RunAsync(new RunLaunch { SuitePath = suite, MaxFailedFraction = 1 });

        Assert.Equal(RunStatus.Succeeded, second.Summary.Status); // tolerated failures: the run succeeds, the regression still shows
        Assert.Equal(first.Summary.RunId, second.PreviousRunId);
        Assert.True(second.FailOnRegression);
        var regression = Assert.Single(second.Regressions, r => r.Kind == RegressionKind.NewFailures);
        Assert.StartsWith("3 example(s) that succeeded before failed", regression.Detail);
        Assert.Null(second.AlertError);

        // Found once, when the run ended, and stored with it: what its rows give again, read by report --run and the viewer.
        var run = (await store.GetRunAsync(second.Summary.RunId))!;
        var stored = (await RunAnalyses.ReadAsync(store, run))!;
        Assert.Equal(first.Summary.RunId, stored.Analysis.PreviousRunId);
        var fromRows = await RunAnalyses.ComputeAsync(store, run, await store.GetResultsAsync(run.RunId));
        Assert.Equal(RunAnalyses.ToRecord(run.RunId, fromRows.Analysis).Document, RunAnalyses.ToRecord(run.RunId, stored.Analysis).Document);

        var report = await File.ReadAllTextAsync(second.ReportPath!);
        Assert.True(report.IndexOf("## Regressions", StringComparison.Ordinal) < report.IndexOf("## Models", StringComparison.Ordinal));
        Assert.Contains("| **new failures** | rag | long-context | local-llm |", report);

        Assert.True(webhook.Requests.TryDequeue(out var posted));
        Assert.Equal(second.Summary.RunId, posted.Body.GetProperty("run_id").GetString());
        Assert.Equal(first.Summary.RunId, posted.Body.GetProperty("previous_run_id").GetString());
        Assert.Equal("new failures", posted.Body.GetProperty("regressions")[0].GetProperty("kind").GetString());
        // The webhook URL (a secret) lives in the environment only: the run's recorded suite names the variable, not the URL.
        Assert.DoesNotContain(webhook.BaseUrl.Authority, (await store.GetRunAsync(second.Summary.RunId))!.SuiteJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_webhook_is_said_and_never_fails_the_run()
    {
        Environment.SetEnvironmentVariable(variable, "http://127.0.0.1:9/alert"); // discard port: nothing listens
        var suite = workspace.WriteSuite($$"""
            {
              "name": "nightly-down",
              "pipelines": ["rag"],
              "alerts": { "webhookUrlEnv": "{{variable}}" },
              "tasks": [ { "name": "broken", "path": "{{TestWorkspace.Json(workspace.WriteBrokenDataset())}}" } ]
            }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);

        var outcome = await workspace.Launcher(store).RunAsync(new RunLaunch { SuitePath = suite });

        Assert.Equal(RunStatus.Failed, outcome.Summary.Status); // a failed run alerts even without a previous run
        Assert.Contains("the webhook at 127.0.0.1 could not be reached", outcome.AlertError);
        Assert.NotNull(outcome.ReportPath);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(variable, null);
        model.Dispose();
        webhook.Dispose();
        workspace.Dispose();
    }
}
