using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using LoftCompare.Pipelines.Storage;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Embeddings;

/// <summary>
/// A durable embedding cache in the data directory, keyed by (model, SHA-256 of the text), so a document is embedded
/// once per model across runs. Only the misses reach the inner generator. Queries pass straight through: their
/// embedding time is part of every query's measured retrieval latency.
/// </summary>
public sealed class SqliteEmbeddingCache : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private const int LookupBatch = 500;
    private readonly SqliteFile file;
    private readonly string modelId;

    public SqliteEmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> inner, string databasePath, string modelId)
        : base(inner)
    {
        this.modelId = modelId;
        file = new SqliteFile(
            databasePath,
            """
            CREATE TABLE IF NOT EXISTS embeddings (
                model TEXT NOT NULL, input_type TEXT NOT NULL, text_sha256 BLOB NOT NULL, vector BLOB NOT NULL,
                PRIMARY KEY (model, input_type, text_sha256)) WITHOUT ROWID;
            """);
    }

    /// <summary>How many requested texts were served from the cache since creation (for tests and logs).</summary>
    public int Hits { get; private set; }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (EmbeddingInputType.IsQuery(options))
        {
            return await base.GenerateAsync(values, options, cancellationToken);
        }

        var texts = values as IReadOnlyList<string> ?? values.ToList();
        const string inputType = "document";
        var keys = texts.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t))).ToArray();
        await using var connection = file.Open();
        var found = await LookupAsync(connection, inputType, keys, cancellationToken);

        // Each distinct missing text is embedded once, even when it repeats within the request.
        var hex = keys.Select(Convert.ToHexString).ToArray();
        var missing = Enumerable.Range(0, texts.Count).Where(i => !found.ContainsKey(hex[i])).DistinctBy(i => hex[i]).ToList();
        Hits += hex.Count(found.ContainsKey);
        UsageDetails? usage = null;
        if (missing.Count > 0)
        {
            var generated = await base.GenerateAsync(missing.Select(i => texts[i]).ToList(), options, cancellationToken);
            usage = generated.Usage;
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT OR REPLACE INTO embeddings (model, input_type, text_sha256, vector) VALUES ($model, $type, $key, $vector)";
            var (model, type, key, vector) = (insert.Parameters.Add("$model", SqliteType.Text), insert.Parameters.Add("$type", SqliteType.Text), insert.Parameters.Add("$key", SqliteType.Blob), insert.Parameters.Add("$vector", SqliteType.Blob));
            (model.Value, type.Value) = (modelId, inputType);
            for (var j = 0; j < missing.Count; j++)
            {
                key.Value = keys[missing[j]];
                vector.Value = MemoryMarshal.AsBytes(generated[j].Vector.Span).ToArray();
                await insert.ExecuteNonQueryAsync(cancellationToken);
                found[hex[missing[j]]] = generated[j].Vector.ToArray();
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return new GeneratedEmbeddings<Embedding<float>>(hex.Select(h => new Embedding<float>(found[h]) { ModelId = modelId })) { Usage = usage };
    }

    private async Task<Dictionary<string, float[]>> LookupAsync(SqliteConnection connection, string inputType, byte[][] keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var batch in keys.Chunk(LookupBatch))
        {
            await using var select = connection.CreateCommand();
            var names = batch.Select((k, i) => $"$k{i}").ToList();
            select.CommandText = $"SELECT text_sha256, vector FROM embeddings WHERE model = $model AND input_type = $type AND text_sha256 IN ({string.Join(", ", names)})";
            select.Parameters.AddWithValue("$model", modelId);
            select.Parameters.AddWithValue("$type", inputType);
            for (var i = 0; i < batch.Length; i++)
            {
                select.Parameters.Add(names[i], SqliteType.Blob).Value = batch[i];
            }

            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found[Convert.ToHexString((byte[])reader[0])] = MemoryMarshal.Cast<byte, float>((byte[])reader[1]).ToArray();
            }
        }

        return found;
    }
}
