using System.Globalization;
using System.Text.Json;

namespace LoftCompare.Results;

/// <summary>
/// How typed record values are written as database text, the same in every store: statuses in lower case, times as
/// ISO 8601 UTC (<c>O</c>, which sorts as text), lists and maps as JSON.
/// </summary>
public static class StoredText
{
    public static string Of(RunStatus status) => status.ToString().ToLowerInvariant();

    public static string Of(JobStatus status) => status.ToString().ToLowerInvariant();

    public static string Of(ExampleOutcome outcome) => outcome.ToString().ToLowerInvariant();

    public static string Of(CacheBasis basis) => basis.ToString().ToLowerInvariant();

    public static string Of(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static string? Of(DateTimeOffset? time) => time is { } t ? Of(t) : null;

    public static T Parse<T>(string text)
        where T : struct, Enum
        => Enum.TryParse<T>(text, ignoreCase: true, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}.");

    public static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static DateTimeOffset? TimeOrNull(string? text) => string.IsNullOrEmpty(text) ? null : Time(text);

    public static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>A time as a person reads it: ISO 8601 in UTC to the second (<c>2026-12-04T19:48:23Z</c>), not the stored 7-digit fraction or a culture's date.</summary>
    public static string Readable(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Readable(DateTimeOffset? time) => time is { } t ? Readable(t) : null;

    /// <summary>JSON named as the database names its columns (snake_case, enums as their stored words): <c>export-run</c>'s lines and <c>model_calls</c>.</summary>
    public static readonly JsonSerializerOptions SnakeCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Json<T>(T value, JsonSerializerOptions options) => JsonSerializer.Serialize(value, options);

    public static T? FromJson<T>(string? json, JsonSerializerOptions options)
        where T : class
        => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, options);

    public static T? FromJson<T>(string? json)
        where T : class
        => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json);
}
