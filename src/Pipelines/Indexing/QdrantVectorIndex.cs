using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace LoftCompare.Pipelines.Indexing;

/// <summary>
/// A Qdrant collection per (corpus, model), over gRPC with Qdrant.Client: created with cosine distance if missing and
/// reused if present, batched upserts that wait for the write, the record and document ids in each point's payload.
/// Point ids are UUIDs derived from record ids, so re-upserting a record replaces it.
/// </summary>
public sealed class QdrantVectorIndex : IVectorIndex, IDisposable
{
    private const string RecordIdField = "record_id";
    private const string DocumentIdField = "doc_id";
    private const int UpsertBatch = 256;

    private readonly QdrantClient client;
    private readonly QdrantSettings settings;

    public QdrantVectorIndex(QdrantSettings settings, TimeSpan? timeout = null)
    {
        this.settings = settings;
        client = new QdrantClient(settings.Host, settings.Port, settings.Https, settings.ApiKey, timeout ?? TimeSpan.FromSeconds(30));
    }

    public async Task<int> EnsureCollectionAsync(string collection, int dimensions, CancellationToken cancellationToken = default)
    {
        if (!await CallAsync(() => client.CollectionExistsAsync(collection, cancellationToken), collection))
        {
            await CallAsync(
                async () =>
                {
                    await client.CreateCollectionAsync(collection, new VectorParams { Size = (ulong)dimensions, Distance = Distance.Cosine }, cancellationToken: cancellationToken);
                    return true;
                },
                collection);
            return 0;
        }

        var info = await CallAsync(() => client.GetCollectionInfoAsync(collection, cancellationToken), collection);
        var size = (int)(info.Config?.Params?.VectorsConfig?.Params?.Size ?? 0);
        if (size != dimensions)
        {
            throw new InvalidOperationException($"Qdrant collection '{collection}' at {settings} holds {size}-dimension vectors, not {dimensions}; delete it or use another embedding model.");
        }

        return (int)await CallAsync(() => client.CountAsync(collection, exact: true, cancellationToken: cancellationToken), collection);
    }

    public async Task UpsertAsync(string collection, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        foreach (var batch in records.Chunk(UpsertBatch))
        {
            var points = batch.Select(r => new PointStruct
            {
                Id = PointIdFor(r.Id),
                Vectors = r.Vector.ToArray(),
                Payload = { [RecordIdField] = r.Id, [DocumentIdField] = r.DocumentId },
            }).ToList();
            await CallAsync(() => client.UpsertAsync(collection, points, wait: true, cancellationToken: cancellationToken), collection);
        }
    }

    public Task CommitAsync(string collection, CancellationToken cancellationToken = default) => Task.CompletedTask; // upserts wait for the write

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(string collection, ReadOnlyMemory<float> query, int topK, CancellationToken cancellationToken = default)
    {
        var points = await CallAsync(() => client.QueryAsync(collection, query: query.ToArray(), limit: (ulong)topK, payloadSelector: true, cancellationToken: cancellationToken), collection);
        return points.Select(p => new VectorHit(p.Payload[RecordIdField].StringValue, p.Payload[DocumentIdField].StringValue, p.Score)).ToList();
    }

    /// <summary>A payload filter on the record's document id (<c>document_id</c> one of the given), applied by the server during the search.</summary>
    public async Task<IReadOnlyList<VectorHit>> SearchWithinAsync(string collection, ReadOnlyMemory<float> query, int topK, IReadOnlySet<string> documentIds, CancellationToken cancellationToken = default)
    {
        var filter = new Filter { Must = { Conditions.Match(DocumentIdField, documentIds.ToList()) } };
        var points = await CallAsync(() => client.QueryAsync(collection, query: query.ToArray(), filter: filter, limit: (ulong)topK, payloadSelector: true, cancellationToken: cancellationToken), collection);
        return points.Select(p => new VectorHit(p.Payload[RecordIdField].StringValue, p.Payload[DocumentIdField].StringValue, p.Score)).ToList();
    }

    /// <summary>Deletes a collection (used by tests to clean up).</summary>
    public Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken = default)
        => CallAsync(
            async () =>
            {
                await client.DeleteCollectionAsync(collection, cancellationToken: cancellationToken);
                return true;
            },
            collection);

    public void Dispose() => client.Dispose();

    /// <summary>A stable UUID per record id (the first 16 bytes of its SHA-256).</summary>
    public static Guid PointIdFor(string recordId) => new(SHA256.HashData(Encoding.UTF8.GetBytes(recordId)).AsSpan(0, 16));

    private async Task<T> CallAsync<T>(Func<Task<T>> call, string collection)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
        {
            throw new VectorIndexUnavailableException($"Qdrant at {settings} is unreachable ({ex.StatusCode}: {ex.Status.Detail}); start it or fix {QdrantSettings.UrlVariable} / the suite's retrieval.qdrant.url.", ex);
        }
        catch (RpcException ex)
        {
            throw new VectorIndexUnavailableException($"Qdrant at {settings} refused a request on collection '{collection}' ({ex.StatusCode}: {ex.Status.Detail}).", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new VectorIndexUnavailableException($"Qdrant at {settings} is unreachable ({ex.Message}); start it or fix {QdrantSettings.UrlVariable} / the suite's retrieval.qdrant.url.", ex);
        }
    }
}
