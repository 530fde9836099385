using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace LoftCompare.Pipelines.Tests.Models;

/// <summary>
/// A local OpenAI-compatible chat-completions server for tests (no real one is reachable here): real sockets on
/// 127.0.0.1, real server-sent-event streaming, and scripted answers, failures and delays. It records every request.
/// </summary>
public sealed class LocalOpenAiServer : IDisposable
{
    private readonly HttpListener listener;
    private readonly ConcurrentQueue<Func<HttpListenerContext, Task>> script = new();
    private readonly Task loop;
    private readonly CancellationTokenSource stopping = new();
    private Func<HttpListenerContext, Task>? fallback;

    public LocalOpenAiServer()
    {
        // A free port is only free until someone takes it (other servers start beside this one): try again if it was taken.
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var candidate = new HttpListener();
            candidate.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                candidate.Start();
                listener = candidate;
                BaseUrl = new Uri($"http://127.0.0.1:{port}/v1/");
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                candidate.Close();
            }
        }

        loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>Bodies (parsed JSON) and Authorization headers of the requests received, in order.</summary>
    public ConcurrentQueue<(JsonElement Body, string? Authorization)> Requests { get; } = new();

    /// <summary>Path and query, and the <c>api-key</c> header (Azure OpenAI's), of the requests received, in order.</summary>
    public ConcurrentQueue<(string PathAndQuery, string? ApiKey)> Received { get; } = new();

    private string? requiredApiKey;

    /// <summary>From now on a request without this <c>api-key</c> header is answered 401, as Azure OpenAI does.</summary>
    public LocalOpenAiServer RequiresApiKey(string key)
    {
        requiredApiKey = key;
        return this;
    }

    /// <summary>Answers the next request with a stream: the text in pieces, then a usage chunk, then [DONE].</summary>
    public LocalOpenAiServer Streams(string text, int promptTokens, int completionTokens, int cachedTokens, int firstTokenDelayMs = 0, int pieceDelayMs = 0)
    {
        script.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.SendChunked = true;
            var output = context.Response.OutputStream;
            await Task.Delay(firstTokenDelayMs);
            var pieces = text.Chunk(Math.Max(1, text.Length / 3)).Select(c => new string(c)).ToList();
            for (var i = 0; i < pieces.Count; i++)
            {
                var delta = i == 0 ? (object)new { role = "assistant", content = pieces[i] } : new { content = pieces[i] };
                await WriteEventAsync(output, new { id = "c1", @object = "chat.completion.chunk", created = 1, model = "m", choices = new[] { new { index = 0, delta, finish_reason = (string?)null } } });
                await Task.Delay(pieceDelayMs);
            }

            await WriteEventAsync(output, new { id = "c1", @object = "chat.completion.chunk", created = 1, model = "m", choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } } });
            await WriteEventAsync(output, new
            {
                id = "c1", @object = "chat.completion.chunk", created = 1, model = "m", choices = Array.Empty<object>(),
                usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens, prompt_tokens_details = new { cached_tokens = cachedTokens } },
            });
            await output.WriteAsync("data: [DONE]\n\n"u8.ToArray());
            context.Response.Close();
        });
        return this;
    }

    /// <summary>Answers the next request with the text streamed, then closes the connection without a finish reason or [DONE].</summary>
    public LocalOpenAiServer StreamsTruncated(string text)
    {
        script.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.SendChunked = true;
            await WriteEventAsync(context.Response.OutputStream, new { id = "c1", @object = "chat.completion.chunk", created = 1, model = "m", choices = new[] { new { index = 0, delta = new { role = "assistant", content = text }, finish_reason = (string?)null } } });
            context.Response.Close();
        });
        return this;
    }

    /// <summary>Answers the next request with headers and one chunk of text, then not one byte more until the server stops.</summary>
    public LocalOpenAiServer StallsAfterFirstChunk(string text)
    {
        script.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.SendChunked = true;
            await WriteEventAsync(context.Response.OutputStream, new { id = "c1", @object = "chat.completion.chunk", created = 1, model = "m", choices = new[] { new { index = 0, delta = new { role = "assistant", content = text }, finish_reason = (string?)null } } });
            await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        return this;
    }

    /// <summary>Answers the next request with headers, then only SSE keep-alive comments, one every <paramref name="everyMs"/>, until the client drops the connection (signalled: a write fails).</summary>
    public LocalOpenAiServer DripsKeepAlives(int everyMs, TaskCompletionSource dropped)
    {
        script.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.SendChunked = true;
            var output = context.Response.OutputStream;
            try
            {
                while (!stopping.IsCancellationRequested)
                {
                    await output.WriteAsync(": keep-alive\n\n"u8.ToArray());
                    await output.FlushAsync();
                    await Task.Delay(everyMs);
                }
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                dropped.TrySetResult();
            }
        });
        return this;
    }

    /// <summary>Answers the next request with text for ever, ignoring max_tokens, until the client drops the connection (signalled: a write fails).</summary>
    public LocalOpenAiServer StreamsForever(string piece, TaskCompletionSource dropped)
    {
        script.Enqueue(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.SendChunked = true;
            try
            {
                while (!stopping.IsCancellationRequested)
                {
                    await WriteEventAsync(context.Response.OutputStream, new { id = "c1", @object = "chat.completion.chunk", created = 1, model = "m", choices = new[] { new { index = 0, delta = new { content = piece }, finish_reason = (string?)null } } });
                }
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                dropped.TrySetResult();
            }
        });
        return this;
    }

    /// <summary>Answers the next request 200 with this body and content type (a proxy's error page, an error object) instead of a stream.</summary>
    public LocalOpenAiServer AnswersOk(string contentType, string body)
    {
        script.Enqueue(async context =>
        {
            context.Response.ContentType = contentType;
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
        });
        return this;
    }

    /// <summary>Holds the next request until <paramref name="release"/> completes, signalling <paramref name="arrived"/> when it comes in; then streams the text.</summary>
    public LocalOpenAiServer Holds(TaskCompletionSource arrived, Task release, string text)
    {
        script.Enqueue(async context =>
        {
            arrived.TrySetResult();
            await release;
            await StreamBodyAsync(context, text);
        });
        return this;
    }

    /// <summary>Answers every request not otherwise scripted with this text (instead of 503).</summary>
    public LocalOpenAiServer ByDefaultStreams(string text)
    {
        fallback = context => StreamBodyAsync(context, text);
        return this;
    }

    /// <summary>Answers the next request with an error status and an OpenAI-style error body.</summary>
    public LocalOpenAiServer Fails(int status, string message, string? code = null)
    {
        script.Enqueue(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (status == 429)
            {
                context.Response.AddHeader("Retry-After", "0");
            }

            var body = JsonSerializer.SerializeToUtf8Bytes(new { error = new { message, type = "invalid_request_error", code } });
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });
        return this;
    }

    public void Dispose()
    {
        stopping.Cancel();
        try
        {
            listener.Stop();
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // Tearing down: the port may already be reused by another listener of the process; nothing is left to free.
        }

        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the listener stopped
        }
    }

    private static async Task StreamBodyAsync(HttpListenerContext context, string text)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.SendChunked = true;
        var output = context.Response.OutputStream;
        await WriteEventAsync(output, new { id = "c1", @object = "chat.completion.chunk", created = 1, model = "m", choices = new[] { new { index = 0, delta = new { role = "assistant", content = text }, finish_reason = (string?)"stop" } } });
        await output.WriteAsync("data: [DONE]\n\n"u8.ToArray());
        context.Response.Close();
    }

    private static async Task WriteEventAsync(Stream output, object payload)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes($"data: {JsonSerializer.Serialize(payload)}\n\n"));
        await output.FlushAsync();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone();
            Requests.Enqueue((body, context.Request.Headers["Authorization"]));
            Received.Enqueue((context.Request.Url!.PathAndQuery, context.Request.Headers["api-key"]));
            if (requiredApiKey is not null && context.Request.Headers["api-key"] != requiredApiKey)
            {
                context.Response.StatusCode = 401;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new { error = new { code = "401", message = "Access denied due to invalid subscription key or wrong API endpoint." } }));
                context.Response.Close();
                continue;
            }

            if (script.TryDequeue(out var respond))
            {
                _ = respond(context); // a held answer must not block later requests
            }
            else if (fallback is { } answer)
            {
                await answer(context);
            }
            else
            {
                context.Response.StatusCode = 503;
                context.Response.Close();
            }
        }
    }
}
