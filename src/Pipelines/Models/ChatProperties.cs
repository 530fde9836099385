using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Models;

/// <summary>
/// The properties LoftCompare sets on a call's <see cref="ChatOptions"/> and reads from the streamed
/// <see cref="ChatResponseUpdate"/>s of any <see cref="IChatClient"/>: one published vocabulary instead of each
/// client's private keys, so a plug-in client or delegating wrapper reports a cache hit, a confidence or an
/// encoding-cache share the way the response cache and the extractive reader do, and the call reading them knows no
/// client's internals.
/// </summary>
public static class ChatProperties
{
    /// <summary>Options: the task kind of the call, for clients whose behaviour depends on it (the extractive reader).</summary>
    public const string TaskKind = "loftcompare.task_kind";

    /// <summary>Update: the reply was replayed from a response cache, so its time is not the model's (kept out of latency statistics).</summary>
    public const string CacheHit = "loftcompare.cache_hit";

    /// <summary>Update: the model's confidence in its answer, recorded per row so routing rules can be replayed without new calls.</summary>
    public const string Confidence = "loftcompare.confidence";

    /// <summary>Update: the share (0–1) of the texts an in-process model encoded that an embedding cache served, which makes its time a function of cache warmth.</summary>
    public const string EncodingsCached = "loftcompare.encodings_cached";

    public static bool IsCacheHit(ChatResponseUpdate update) => update.AdditionalProperties?.ContainsKey(CacheHit) == true;

    /// <summary>A number an update carries under <paramref name="key"/> (set in process, or a JSON number from a client that deserialised it); null when it carries none.</summary>
    public static double? NumberOf(ChatResponseUpdate update, string key)
        => update.AdditionalProperties?.TryGetValue(key, out var value) != true ? null : value switch
        {
            null => null,
            JsonElement { ValueKind: JsonValueKind.Number } json => json.GetDouble(),
            JsonElement { ValueKind: JsonValueKind.String } json => double.Parse(json.GetString()!, CultureInfo.InvariantCulture),
            JsonElement => null,
            _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        };
}
