namespace LoftCompare.Pipelines.Indexing;

/// <summary>Where a Qdrant server listens (gRPC, port 6334 by default; <c>https://</c> turns TLS on) and its API key, if any.</summary>
public sealed record QdrantSettings(Uri Url, string? ApiKey = null)
{
    public const string UrlVariable = "LOFTCOMPARE_QDRANT_URL";
    public const string ApiKeyVariable = "LOFTCOMPARE_QDRANT_API_KEY";
    public const int DefaultGrpcPort = 6334;

    public string Host => Url.Host;

    public int Port => Url.IsDefaultPort || Url.Port <= 0 ? DefaultGrpcPort : Url.Port;

    public bool Https => Url.Scheme == Uri.UriSchemeHttps;

    /// <summary>Parses <c>host</c>, <c>host:port</c> or a full <c>http(s)://host:port</c> URL.</summary>
    public static QdrantSettings Parse(string url, string? apiKey = null)
    {
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not a Qdrant address (expected host, host:port or http(s)://host:port).", nameof(url));
        }

        return new QdrantSettings(uri, string.IsNullOrEmpty(apiKey) ? null : apiKey);
    }

    /// <summary>Settings from <c>LOFTCOMPARE_QDRANT_URL</c> (and <c>LOFTCOMPARE_QDRANT_API_KEY</c>), or null when unset.</summary>
    public static QdrantSettings? FromEnvironment()
        => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? Parse(url, Environment.GetEnvironmentVariable(ApiKeyVariable)) : null;

    public override string ToString() => $"{(Https ? "https" : "http")}://{Host}:{Port}";
}
