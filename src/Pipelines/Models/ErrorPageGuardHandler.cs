using System.Net;
using System.Text.Json;

namespace LoftCompare.Pipelines.Models;

/// <summary>
/// A 200 that carries a proxy's HTML page or an error object instead of an answer (a gateway in front of the model
/// server, a server that reports failure in the body) becomes an HTTP error that quotes what the server said, instead of
/// an answer stream that parses to nothing and is reported as merely "incomplete". Retried like any failed request.
/// </summary>
public sealed class ErrorPageGuardHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const int QuotedCharacters = 300;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType is not { } media
            || media.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            return response;
        }

        var html = media.Equals("text/html", StringComparison.OrdinalIgnoreCase);
        var json = media.EndsWith("json", StringComparison.OrdinalIgnoreCase);
        if (!html && !json)
        {
            return response;
        }

        // An error body is small; an answer is not read here unless it is an error (then it is short anyway).
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        response.Content = new StringContent(body, System.Text.Encoding.UTF8, media);
        var error = json ? ErrorMessage(body) : null;
        if (json && error is null)
        {
            return response;
        }

        response.Dispose();
        var said = error ?? string.Join(' ', System.Text.RegularExpressions.Regex.Replace(body, "<[^>]*>", " ").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        throw new HttpRequestException($"the server answered 200 with {(html ? "an HTML page" : "an error")} instead of an answer: {(said.Length > QuotedCharacters ? said[..QuotedCharacters] + "…" : said)}", null, HttpStatusCode.OK);
    }

    /// <summary>The message of an OpenAI-style <c>{"error": …}</c> body, or null when the body is not one.</summary>
    private static string? ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error)
                ? error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) ? message.ToString() : error.ToString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
