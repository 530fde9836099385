using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LoftCompare.Pipelines.Models;

/// <summary>
/// HTTP resilience for model endpoints with Polly: a per-attempt timeout, and retries with exponential backoff and
/// jitter on 408, 429, 5xx, connection failures and timeouts (a server's Retry-After is honoured).
/// </summary>
public sealed class RetryingHttpHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public RetryingHttpHandler(ModelEndpoint endpoint, HttpMessageHandler inner, TimeProvider? clock = null)
        : base(inner)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock ?? TimeProvider.System };
        if (endpoint.MaxRetries > 0)
        {
            // Polly refuses a retry strategy of zero attempts; "maxRetries": 0 means no retry strategy at all.
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = endpoint.MaxRetries,
                Delay = endpoint.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.Headers.RetryAfter?.Delta is { } after && after < TimeSpan.FromMinutes(2) ? after : (TimeSpan?)null),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    Retries++;
                    CallAttempts.Current?.AddRetry(args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline = builder.AddTimeout(endpoint.Timeout).Build();
    }

    /// <summary>Retries made so far (for tests and logs).</summary>
    public int Retries { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The body is buffered so that a retry can send it again.
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Content?.Headers.ToList();
        return await pipeline.ExecuteAsync(
            async token =>
            {
                if (body is not null)
                {
                    var content = new ByteArrayContent(body);
                    foreach (var (name, values) in headers!)
                    {
                        content.Headers.TryAddWithoutValidation(name, values);
                    }

                    request.Content = content;
                }

                return await base.SendAsync(request, token);
            },
            cancellationToken);
    }
}
