using HttpResults = Microsoft.AspNetCore.Http.Results;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoftCompare.Worker.Serving;

/// <summary>
/// <c>loftcompare serve</c>: a read-only browser viewer and JSON API over a results store. GET only; every page is
/// server-rendered HTML with no script, under a Content-Security-Policy that forbids scripts, inline styles, frames and
/// anything not from the app, so hostile text from the database can only ever be shown as text.
/// </summary>
public static class ViewerApp
{
    public const string TokenCookie = "loftcompare_token";

    /// <summary>Script-free: no script source at all, styles and images from the app only.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <param name="catalog">The composition's catalog: the viewer reads a run's recorded suite and its task sets with it, plug-in kinds and adapters included.</param>
    public static WebApplication Build(IRunQueries store, ViewerOptions options, LoftCompare.Runs.LoftCompareCatalog catalog)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A start that fails (the port taken) is said in one line by the command; the host's own log of it is a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.WebHost.UseUrls($"http://{UrlHost(options.Host)}:{options.Port}");
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new TaskSetCache(catalog));
        builder.Services.AddSingleton<ViewerPages>();
        builder.Services.AddHostFiltering(filter =>
        {
            filter.AllowedHosts = [.. LoopbackNames, .. options.AllowedHosts];
            filter.AllowEmptyHosts = false;
            filter.IncludeFailureMessage = false;
        });
        var app = builder.Build();
        app.UseHostFiltering();

        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (options.Token is { } token && !Authorized(context, token))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsync("401: this viewer needs its token (Authorization: Bearer, or ?access_token= once).");
                return;
            }

            await next();
        });

        var pages = app.Services.GetRequiredService<ViewerPages>();
        app.MapGet("/viewer.css", () => HttpResults.Text(Html.Css, "text/css", Encoding.UTF8));
        app.MapGet("/", (string? suite, string? status, int? page, CancellationToken ct) => pages.RunsAsync(Blank(suite), Blank(status), page ?? 1, ct));
        app.MapGet("/runs/{runId}", (string runId, CancellationToken ct) => pages.RunAsync(runId, ct));
        app.MapGet("/runs/{runId}/charts/{file}", (string runId, string file) => pages.Chart(runId, file));
        app.MapGet("/runs/{runId}/examples", (string runId, string? task, string? pipeline, string? model, bool? correct, string? only, int? page, CancellationToken ct)
            => ExampleRow.TryParseOnly(Blank(only), out var right)
                ? pages.ExamplesAsync(runId, new ExampleFilter(Blank(task), Blank(pipeline), Blank(model), correct, right), page ?? 1, ct)
                : Task.FromResult(ViewerPages.BadRequest($"only= is '{only}'; use rag or long-context (the pipeline that alone is right), or leave it out.")));
        // Ids may hold any character, '/' included: the links escape every segment, and the raw target is read back exactly
        // (the router would leave an escaped '/' escaped, and would split an unescaped one).
        app.MapGet("/runs/{runId}/examples/{task}/{**queryId}", (HttpContext context, CancellationToken ct) => RawSegments(context) is ["", "runs", var run, "examples", var task, var query]
            ? pages.ExampleAsync(run, task, query, ct)
            : Task.FromResult(HttpResults.NotFound()));
        app.MapGet("/compare", (string? newer, string? older, CancellationToken ct) => pages.CompareAsync(Blank(newer), Blank(older), ct));
        app.MapGet("/suites/{suite}/trend", (string suite, int? days, CancellationToken ct) => pages.TrendAsync(suite, Math.Clamp(days ?? 90, 1, 3660), ct));
        app.MapGet("/api/runs", (CancellationToken ct) => pages.ApiRunsAsync(ct));
        app.MapGet("/api/runs/{runId}", (string runId, CancellationToken ct) => pages.ApiRunAsync(runId, ct));
        app.MapGet("/api/runs/{runId}/examples", (string runId, int? page, int? pageSize, CancellationToken ct) => pages.ApiExamplesAsync(runId, page ?? 1, pageSize, ct));
        return app;
    }

    /// <summary>A host as written in a URL or a <c>Host:</c> header: an IPv6 address in brackets.</summary>
    public static string UrlHost(string host) => host.Contains(':') ? $"[{host}]" : host;

    /// <summary>The names a loopback request's <c>Host:</c> header carries.</summary>
    public static IReadOnlyList<string> LoopbackNames { get; } = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>The request's path split at '/' and each segment unescaped, from the target exactly as the client sent it.</summary>
    private static string[] RawSegments(HttpContext context)
    {
        var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var path = target.Split('?', 2)[0];
        return [.. path.Split('/').Select(Uri.UnescapeDataString)];
    }

    /// <summary>Whether the host is loopback (the default); anything else exposes the results to the network.</summary>
    public static bool IsLoopback(string host)
        => host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool Authorized(HttpContext context, string token)
    {
        var expected = Encoding.UTF8.GetBytes(token);
        bool Matches(string? given) => given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected);
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) && Matches(header["Bearer ".Length..]))
        {
            return true;
        }

        if (Matches(context.Request.Query["access_token"]))
        {
            // A browser cannot send a header: the token once in the URL sets an HttpOnly, same-site cookie.
            context.Response.Cookies.Append(TokenCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            return true;
        }

        return Matches(context.Request.Cookies[TokenCookie]);
    }
}
