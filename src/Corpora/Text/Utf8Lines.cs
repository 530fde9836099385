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

    /// <summary>The longest line read (16 MiB: a 1M-token document is about 4 MiB); a longer one is refused, never held whole.</summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    /// <summary>Each line (without its line break) with its 1-based number; <c>Error</c> is set, and <c>Text</c> null, for a line that is not UTF-8 or is longer than <paramref name="maxLineBytes"/>.</summary>
    public static async IAsyncEnumerable<(int LineNumber, string? Text, string? Error)> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default, int maxLineBytes = DefaultMaxLineBytes)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        var line = new ArrayBufferWriter<byte>();
        var lineNumber = 0;
        var first = true;
        long tooLong = 0; // bytes of the current line once it passed the limit (the rest is skipped, not kept)
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
                var part = end < 0 ? chunk.Span : chunk.Span[..end];
                if (tooLong > 0 || line.WrittenCount + part.Length > maxLineBytes)
                {
                    tooLong += tooLong == 0 ? line.WrittenCount + part.Length : part.Length;
                    line.ResetWrittenCount();
                }
                else
                {
                    line.Write(part);
                }

                if (end < 0)
                {
                    break;
                }

                chunk = chunk[(end + 1)..];
                yield return tooLong > 0 ? TooLong(++lineNumber, tooLong, maxLineBytes) : Decode(++lineNumber, line.WrittenSpan);
                line.ResetWrittenCount();
                tooLong = 0;
            }
        }

        if (tooLong > 0)
        {
            yield return TooLong(++lineNumber, tooLong, maxLineBytes);
        }
        else if (line.WrittenCount > 0)
        {
            yield return Decode(++lineNumber, line.WrittenSpan);
        }
    }

    private static (int, string?, string?) TooLong(int lineNumber, long bytes, int maxLineBytes)
        => (lineNumber, null, $"the line is {bytes / (1024.0 * 1024):N1} MiB, over the {maxLineBytes / (1024.0 * 1024):0.#} MiB a line may hold; split the document or pass a shorter one");

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
