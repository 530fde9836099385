using System.Runtime.CompilerServices;
using System.Text.Json;

namespace LoftCompare.Corpora.Adapters.Loft;

/// <summary>Reads a JSON Lines file one object at a time, turning parse errors into <see cref="DatasetFormatException"/> with the line number.</summary>
internal static class JsonlFile
{
    public static async IAsyncEnumerable<(int LineNumber, JsonElement Record)> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement record;
            try
            {
                using var document = JsonDocument.Parse(line);
                record = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new DatasetFormatException(path, lineNumber, null, $"not valid JSON ({ex.Message})", ex);
            }

            if (record.ValueKind != JsonValueKind.Object)
            {
                throw new DatasetFormatException(path, lineNumber, null, $"expected a JSON object, found {record.ValueKind}");
            }

            yield return (lineNumber, record);
        }
    }

    public static string RequiredString(JsonElement record, string field, string path, int line)
    {
        if (!record.TryGetProperty(field, out var value))
        {
            throw new DatasetFormatException(path, line, field, "missing");
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(), // LOFT ids are sometimes numbers
            _ => throw new DatasetFormatException(path, line, field, $"expected a string, found {value.ValueKind}"),
        };
    }

    public static string OptionalString(JsonElement record, string field, string path, int line)
        => record.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? RequiredString(record, field, path, line)
            : string.Empty;
}
