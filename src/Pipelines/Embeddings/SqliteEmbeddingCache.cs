using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using LoftCompare.Pipelines.CacheFiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LoftCompare.Pipelines.Embeddings;

/// <summary>
/// A durable embedding cache in the data directory, keyed by (model, SHA-256 of the text), so a document is embedded
/// once per model across runs. Only the misses reach the inner generator. Queries pass straight through: their
/// embedding time is part of every query's measured retrieval latency.
/// Each entry carries its dimension and a SHA-256 of its vector bytes: an entry that fails either check (flipped bytes,
/// a torn write) is recomputed and rewritten, with one warning per request, never served.
/// </summary>
public sealed class SqliteEmbeddingCache : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private const int LookupBatch = 500;
    private readonly SqliteFile file;
    private readonly string modelId;

    public SqliteEmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> inner, string databasePath, string modelId, ILogger? logger = null)
        : base(inner)
    {
        this.modelId = modelId;
        // Entries written before checksums existed cannot be trusted, so their table is dropped and they are recomputed once.
        file = new SqliteFile(
            databasePath,
            """
            DROP TABLE IF EXISTS embeddings;
            CREATE TABLE IF NOT EXISTS vectors (
                model TEXT NOT NULL, input_type TEXT NOT NULL, text_sha256 BLOB NOT NULL,
                dimensions INTEGER NOT NULL, vector BLOB NOT NULL, vector_sha256 BLOB NOT NULL,
                PRIMARY KEY (model, input_type, text_sha256)) WITHOUT ROWID;
            """,
            logger);
    }

    /// <summary>How many requested texts were served from the cache since creation (for tests and logs).</summary>
    public int Hits { get; private set; }

    /// <summary>How many cached entries failed their checks and were recomputed since creation.</summary>
    public int Repaired { get; private set; }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (EmbeddingInputType.IsQuery(options))
        {
            return await base.GenerateAsync(values, options, cancellationToken);
        }

        var texts = values as IReadOnlyList<string> ?? values.ToList();
        const string inputType = "document";
        var keys = texts.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t))).ToArray();
        if (await OpenAsync(inputType, keys, cancellationToken) is not { } cached)
        {
            return CachedEmbeddings.WithCount(await base.GenerateAsync(texts, options, cancellationToken), 0); // the cache cannot be used: embed, keep nothing
        }

        var (connection, found, damaged) = cached;
        await using var opened = connection;
        if (damaged > 0)
        {
            Repaired += damaged;
            file.Logger.LogWarning("Embedding cache {File}: {Count} entries failed their checksum or dimension check and are recomputed", file.Path, damaged);
        }

        // Each distinct missing text is embedded once, even when it repeats within the request.
        var hex = keys.Select(Convert.ToHexString).ToArray();
        var missing = Enumerable.Range(0, texts.Count).Where(i => !found.ContainsKey(hex[i])).DistinctBy(i => hex[i]).ToList();
        var hits = hex.Count(found.ContainsKey);
        Hits += hits;
        UsageDetails? usage = null;
        if (missing.Count > 0)
        {
            var generated = await base.GenerateAsync(missing.Select(i => texts[i]).ToList(), options, cancellationToken);
            usage = generated.Usage;
            for (var j = 0; j < missing.Count; j++)
            {
                found[hex[missing[j]]] = generated[j].Vector.ToArray();
            }

            try
            {
                await StoreAsync(connection, inputType, missing.Select(i => keys[i]).ToList(), generated, cancellationToken);
            }
            catch (SqliteException ex) when (SqliteFile.IsUnwritable(ex))
            {
                file.CannotWrite(ex); // the vectors are computed and served; only keeping them failed
            }
        }

        return CachedEmbeddings.WithCount(new GeneratedEmbeddings<Embedding<float>>(hex.Select(h => new Embedding<float>(found[h]) { ModelId = modelId })) { Usage = usage }, hits);
    }

    /// <summary>The cache's connection and what it holds for these keys; null when its file cannot be used (a full disk).</summary>
    private async Task<(SqliteConnection Connection, Dictionary<string, float[]> Found, int Damaged)?> OpenAsync(string inputType, byte[][] keys, CancellationToken cancellationToken)
    {
        SqliteConnection? connection = null;
        try
        {
            connection = file.Open();
            var (found, damaged) = await LookupAsync(connection, inputType, keys, cancellationToken);
            return (connection, found, damaged);
        }
        catch (SqliteException ex) when (SqliteFile.IsUnwritable(ex))
        {
            file.CannotWrite(ex);
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            return null;
        }
    }

    private async Task StoreAsync(SqliteConnection connection, string inputType, IReadOnlyList<byte[]> keys, GeneratedEmbeddings<Embedding<float>> generated, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR REPLACE INTO vectors (model, input_type, text_sha256, dimensions, vector, vector_sha256) VALUES ($model, $type, $key, $dimensions, $vector, $check)";
        var (model, type, key, vector) = (insert.Parameters.Add("$model", SqliteType.Text), insert.Parameters.Add("$type", SqliteType.Text), insert.Parameters.Add("$key", SqliteType.Blob), insert.Parameters.Add("$vector", SqliteType.Blob));
        var (dimensions, check) = (insert.Parameters.Add("$dimensions", SqliteType.Integer), insert.Parameters.Add("$check", SqliteType.Blob));
        (model.Value, type.Value) = (modelId, inputType);
        for (var j = 0; j < keys.Count; j++)
        {
            key.Value = keys[j];
            var bytes = MemoryMarshal.AsBytes(generated[j].Vector.Span).ToArray();
            vector.Value = bytes;
            dimensions.Value = generated[j].Vector.Length;
            check.Value = SHA256.HashData(bytes);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The sound cached vectors for these keys, and how many entries failed their checks (left out, so they are recomputed).</summary>
    private async Task<(Dictionary<string, float[]> Found, int Damaged)> LookupAsync(SqliteConnection connection, string inputType, byte[][] keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var damaged = 0;
        foreach (var batch in keys.Chunk(LookupBatch))
        {
            await using var select = connection.CreateCommand();
            var names = batch.Select((k, i) => $"$k{i}").ToList();
            select.CommandText = $"SELECT text_sha256, dimensions, vector, vector_sha256 FROM vectors WHERE model = $model AND input_type = $type AND text_sha256 IN ({string.Join(", ", names)})";
            select.Parameters.AddWithValue("$model", modelId);
            select.Parameters.AddWithValue("$type", inputType);
            for (var i = 0; i < batch.Length; i++)
            {
                select.Parameters.Add(names[i], SqliteType.Blob).Value = batch[i];
            }

            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // Each blob is read once (the reader copies it on every access).
                if (reader[2] is not byte[] bytes || reader[1] is not long dimensions || dimensions <= 0 || bytes.Length != dimensions * sizeof(float)
                    || reader[3] is not byte[] check || !SHA256.HashData(bytes).AsSpan().SequenceEqual(check))
                {
                    damaged++;
                    continue;
                }

                found[Convert.ToHexString((byte[])reader[0])] = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            }
        }

        return (found, damaged);
    }
}
