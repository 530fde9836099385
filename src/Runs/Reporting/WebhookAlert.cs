using System.Net.Http.Json;
using System.Text.Json;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Reporting;

/// <summary>
/// A nightly's alert: one JSON POST (run, suite, status, the previous run compared with, each regression, the report)
/// to a webhook. Returns why it failed, if it did; an alert never fails the run it reports on.
/// </summary>
public static class WebhookAlert
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<string?> PostAsync(string url, RunRecord run, RunOutcome outcome, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "the webhook URL is not an absolute http(s) URL; no alert was sent";
        }

        var payload = new
        {
            RunId = run.RunId,
            Suite = run.SuiteName,
            Status = StoredText.Of(outcome.Summary.Status),
            Error = outcome.Summary.Reason,
            PreviousRunId = outcome.PreviousRunId,
            Report = outcome.ReportPath is null ? null : Path.GetFullPath(outcome.ReportPath),
            Regressions = outcome.Regressions.Select(r => new { Kind = MarkdownReportWriter.Kind(r.Kind), Task = r.TaskName, r.Pipeline, Model = r.ModelId, r.Detail }),
        };
        try
        {
            using var http = new HttpClient { Timeout = Timeout };
            using var response = await http.PostAsJsonAsync(uri, payload, Json, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"the webhook answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}; the alert may not have been delivered";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // The URL is a secret: name the host only.
            return $"the webhook at {uri.Host} could not be reached ({ex.GetType().Name}: {ex.Message}); no alert was delivered";
        }
    }
}
