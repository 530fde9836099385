namespace LoftCompare.Pipelines.Models;

/// <summary>
/// An OpenAI-compatible chat endpoint (vLLM, TGI, llama.cpp server, Ollama, OpenAI, Azure OpenAI's v1 API): where it
/// is, which model it serves, and its limits. The API key is read from the environment variable named here and never
/// stored anywhere else.
/// </summary>
public sealed record ModelEndpoint
{
    /// <summary>Base URL including the version path, e.g. <c>http://localhost:8000/v1</c>.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The model name the server expects in requests.</summary>
    public required string Model { get; init; }

    /// <summary>Environment variable holding the API key; null for servers without one.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>The model's context window in tokens (prompt plus output); null when unknown (no check).</summary>
    public int? ContextWindow { get; init; }

    public int MaxOutputTokens { get; init; } = 256;

    /// <summary>Per-attempt wait for the response headers.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The limits a streamed answer is held to once the headers came (first event, silence, whole attempt).</summary>
    public StreamLimits Stream { get; init; } = StreamLimits.Default;

    /// <summary>Retries after the first attempt on 408, 429, 5xx, connection errors and timeouts.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The longest reply kept, in characters (null: <see cref="Running.ModelCall.DefaultReplyCharacters"/>).</summary>
    public int? MaxReplyCharacters { get; init; }

    /// <summary>First retry delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
