using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace LoftCompare.Pipelines.Indexing;

/// <summary>
/// The on-disk form of a collection: magic, format version, dimensions, count, ids, float32 rows, then a SHA-256 of
/// everything before it. Written to a temporary file and renamed, so a crash never leaves a half-written index.
/// </summary>
internal static class VectorCollectionFile
{
    public const string Extension = ".lcvi";
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "LCVI"u8.ToArray();

    public static void Write(string path, VectorCollection collection)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var body = new MemoryStream();
            using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(collection.Dimensions);
                writer.Write(collection.Count);
                for (var i = 0; i < collection.Count; i++)
                {
                    writer.Write(collection.Ids[i]);
                    writer.Write(collection.DocumentIds[i]);
                }
            }

            hash.AppendData(body.GetBuffer(), 0, (int)body.Length);
            stream.Write(body.GetBuffer(), 0, (int)body.Length);
            var rows = MemoryMarshal.AsBytes(collection.Rows);
            hash.AppendData(rows);
            stream.Write(rows);
            stream.Write(hash.GetHashAndReset());
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <exception cref="InvalidDataException">The file is truncated, corrupt, or from another format version.</exception>
    public static VectorCollection Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 12 + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a LoftCompare vector index file");
        }

        var payload = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
        {
            throw new InvalidDataException("checksum mismatch (the file is corrupt or truncated)");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 32), Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"format version {version}, expected {FormatVersion}");
        }

        var dimensions = reader.ReadInt32();
        var count = reader.ReadInt32();
        var ids = new (string Id, string DocumentId)[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = (reader.ReadString(), reader.ReadString());
        }

        var rowBytes = reader.ReadBytes(count * dimensions * sizeof(float));
        if (rowBytes.Length != count * dimensions * sizeof(float))
        {
            throw new InvalidDataException("the vectors are shorter than the header says");
        }

        var rows = MemoryMarshal.Cast<byte, float>(rowBytes);
        var collection = new VectorCollection(dimensions);
        for (var i = 0; i < count; i++)
        {
            collection.Upsert(new VectorRecord(ids[i].Id, ids[i].DocumentId, rows.Slice(i * dimensions, dimensions).ToArray()));
        }

        return collection;
    }
}
