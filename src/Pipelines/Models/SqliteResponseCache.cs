using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using LoftCompare.Pipelines.CacheFiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LoftCompare.Pipelines.Models;

/// <summary>
/// A durable response cache in the data directory, keyed by (model, messages, options), so re-running a suite does not
/// pay for the same prompt twice. A hit replays the stored text and usage as one streamed update marked
/// <see cref="ChatProperties.CacheHit"/>, which runs record so hits stay out of latency statistics.
/// </summary>
public sealed class SqliteResponseCache : DelegatingChatClient
{

    private readonly SqliteFile file;
    private readonly string modelId;

    public SqliteResponseCache(IChatClient inner, string databasePath, string modelId, ILogger? logger = null)
        : base(inner)
    {
        this.modelId = modelId;
        // Each entry carries a SHA-256 of what it replays; entries from before checksums are dropped and asked again.
        file = new SqliteFile(
            databasePath,
            """
            DROP TABLE IF EXISTS responses;
            CREATE TABLE IF NOT EXISTS replies (
                key BLOB PRIMARY KEY, model TEXT NOT NULL, output TEXT NOT NULL,
                input_tokens INTEGER, cached_input_tokens INTEGER, output_tokens INTEGER, created_at TEXT NOT NULL, checksum BLOB NOT NULL) WITHOUT ROWID;
            """,
            logger);
    }

    /// <summary>Cached replies that failed their checksum and were asked of the model again, since creation.</summary>
    public int Repaired { get; private set; }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => (await GetStreamingResponseAsync(messages, options, cancellationToken).ToListAsync(cancellationToken)).ToChatResponse();

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var key = Key(list, options);
        if (await TryLookupAsync(key, cancellationToken) is { } hit)
        {
            var update = new ChatResponseUpdate(ChatRole.Assistant, [new TextContent(hit.Output), new UsageContent(hit.Usage)])
            {
                ModelId = modelId,
                FinishReason = ChatFinishReason.Stop,
                AdditionalProperties = new AdditionalPropertiesDictionary { [ChatProperties.CacheHit] = true },
            };
            yield return update;
            yield break;
        }

        var text = new StringBuilder();
        UsageDetails? usage = null;
        var finished = false;
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
        {
            text.Append(update.Text);
            usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
            finished |= update.FinishReason is not null;
            yield return update;
        }

        // A stream cut before its finish reason is not an answer; storing it would replay the cut text as complete.
        if (finished)
        {
            try
            {
                await StoreAsync(key, text.ToString(), usage, cancellationToken);
            }
            catch (SqliteException ex) when (SqliteFile.IsUnwritable(ex))
            {
                file.CannotWrite(ex); // the answer stands; only keeping it failed
            }
        }
    }

    /// <summary>SHA-256 over the model id, each message's role and text, and the options that change the answer.</summary>
    private byte[] Key(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var material = JsonSerializer.Serialize(new
        {
            model = modelId,
            messages = messages.Select(m => new { role = m.Role.Value, text = m.Text }),
            temperature = options?.Temperature,
            maxOutputTokens = options?.MaxOutputTokens,
            topP = options?.TopP,
            seed = options?.Seed,
            extra = options?.AdditionalProperties?.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"),
        });
        return SHA256.HashData(Encoding.UTF8.GetBytes(material));
    }

    /// <summary>The cached reply; null when there is none, or the cache file cannot be used (a full disk: said once, the model is asked).</summary>
    private async Task<(string Output, UsageDetails Usage)?> TryLookupAsync(byte[] key, CancellationToken cancellationToken)
    {
        try
        {
            return await LookupAsync(key, cancellationToken);
        }
        catch (SqliteException ex) when (SqliteFile.IsUnwritable(ex))
        {
            file.CannotWrite(ex);
            return null;
        }
    }

    private async Task<(string Output, UsageDetails Usage)?> LookupAsync(byte[] key, CancellationToken cancellationToken)
    {
        await using var connection = file.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT output, input_tokens, cached_input_tokens, output_tokens, checksum FROM replies WHERE key = $key";
        command.Parameters.Add("$key", SqliteType.Blob).Value = key;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        long? Read(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
        var (output, input, cached, outputTokens) = (reader.GetString(0), Read(1), Read(2), Read(3));
        if (reader[4] is not byte[] checksum || !Checksum(output, input, cached, outputTokens).AsSpan().SequenceEqual(checksum))
        {
            Repaired++;
            file.Logger.LogWarning("Response cache {File}: an entry failed its checksum; asking the model again", file.Path);
            return null;
        }

        return (output, new UsageDetails { InputTokenCount = input, CachedInputTokenCount = cached, OutputTokenCount = outputTokens });
    }

    private static byte[] Checksum(string output, long? input, long? cached, long? outputTokens)
        => SHA256.HashData(Encoding.UTF8.GetBytes($"{input}|{cached}|{outputTokens}|{output}"));

    private async Task StoreAsync(byte[] key, string output, UsageDetails? usage, CancellationToken cancellationToken)
    {
        await using var connection = file.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO replies (key, model, output, input_tokens, cached_input_tokens, output_tokens, created_at, checksum)
            VALUES ($key, $model, $output, $input, $cached, $outputTokens, $at, $checksum)
            """;
        command.Parameters.Add("$key", SqliteType.Blob).Value = key;
        command.Parameters.AddWithValue("$model", modelId);
        command.Parameters.AddWithValue("$output", output);
        command.Parameters.AddWithValue("$input", (object?)usage?.InputTokenCount ?? DBNull.Value);
        command.Parameters.AddWithValue("$cached", (object?)usage?.CachedInputTokenCount ?? DBNull.Value);
        command.Parameters.AddWithValue("$outputTokens", (object?)usage?.OutputTokenCount ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
        command.Parameters.Add("$checksum", SqliteType.Blob).Value = Checksum(output, usage?.InputTokenCount, usage?.CachedInputTokenCount, usage?.OutputTokenCount);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
