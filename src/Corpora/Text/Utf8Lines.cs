using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace LoftCompare.Corpora.Text;

/// <summary>
/// Reads a text file line by line as strict UTF-8: a line holding bytes that are not UTF-8 is reported with its own
/// line number (and the byte offset within it) instead of being decoded to replacement characters silently.
/// </summary>
public static class Utf8Lines
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Each line (without its line break) with its 1-based number; <c>Error</c> is set, and <c>Text</c> null, for a line that is not UTF-8.</summary>
    public static async IAsyncEnumerable<(int LineNumber, string? Text, string? Error)> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        var line = new ArrayBufferWriter<byte>();
        var lineNumber = 0;
        var first = true;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var chunk = buffer.AsMemory(0, read);
            if (first)
            {
                first = false;
                if (chunk.Span.StartsWith(ByteOrderMark))
                {
                    chunk = chunk[3..]; // a UTF-8 byte-order mark
                }
            }

            while (chunk.Length > 0)
            {
                var end = chunk.Span.IndexOf((byte)'\n');
                if (end < 0)
                {
                    line.Write(chunk.Span);
                    break;
                }

                line.Write(chunk.Span[..end]);
                chunk = chunk[(end + 1)..];
                yield return Decode(++lineNumber, line.WrittenSpan);
                line.ResetWrittenCount();
            }
        }

        if (line.WrittenCount > 0)
        {
            yield return Decode(++lineNumber, line.WrittenSpan);
        }
    }

    private static (int, string?, string?) Decode(int lineNumber, ReadOnlySpan<byte> bytes)
    {
        if (bytes.EndsWith("\r"u8))
        {
            bytes = bytes[..^1];
        }

        try
        {
            return (lineNumber, Strict.GetString(bytes), null);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = ex.Index >= 0 ? $" at byte {ex.Index + 1}" : string.Empty;
            return (lineNumber, null, $"not valid UTF-8{offset} (bytes {Convert.ToHexString(ex.BytesUnknown ?? [])}); save the file as UTF-8");
        }
    }
}
