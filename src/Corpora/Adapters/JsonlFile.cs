using System.Runtime.CompilerServices;
using System.Text.Json;
using LoftCompare.Corpora.Text;

namespace LoftCompare.Corpora.Adapters;

/// <summary>
/// JSON Lines for adapters: one object per line, each problem a <see cref="DatasetFormatException"/> naming the file,
/// the line and the field (bad UTF-8, bad JSON, not an object, a missing or mistyped field). Reported and skipped when
/// validating, thrown otherwise.
/// </summary>
public static class JsonlFile
{
    /// <summary>
    /// Every record of <paramref name="path"/> turned into a <typeparamref name="T"/> by <paramref name="read"/>; a record
    /// whose <paramref name="read"/> throws a <see cref="DatasetFormatException"/> is reported and skipped when validating.
    /// </summary>
    public static async Task<List<T>> ReadAllAsync<T>(string path, DatasetProblems? problems, Func<JsonElement, int, T> read, CancellationToken cancellationToken = default)
    {
        var items = new List<T>();
        await foreach (var (line, record) in ReadAsync(path, problems, cancellationToken))
        {
            DatasetProblems.Collect(problems, () => items.Add(read(record, line)));
        }

        return items;
    }

    /// <summary>The objects of <paramref name="path"/> with their line numbers; lines that are not JSON objects are problems.</summary>
    public static async IAsyncEnumerable<(int LineNumber, JsonElement Record)> ReadAsync(string path, DatasetProblems? problems, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (lineNumber, line, encodingError) in Utf8Lines.ReadAsync(path, cancellationToken))
        {
            if (encodingError is not null)
            {
                DatasetProblems.Raise(problems, new DatasetFormatException(path, lineNumber, null, encodingError));
                continue;
            }

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
                DatasetProblems.Raise(problems, new DatasetFormatException(path, lineNumber, null, $"not valid JSON ({ex.Message})", ex));
                continue;
            }

            if (record.ValueKind != JsonValueKind.Object)
            {
                DatasetProblems.Raise(problems, new DatasetFormatException(path, lineNumber, null, $"expected a JSON object, found {record.ValueKind}"));
                continue;
            }

            yield return (lineNumber, record);
        }
    }

    /// <summary>A whole JSON file (not JSON Lines); a parse error is raised as a problem with its line, and null returned.</summary>
    public static async Task<JsonElement?> ReadDocumentAsync(string path, DatasetProblems? problems, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, (int)(ex.LineNumber ?? -1) + 1, null, $"not valid JSON ({ex.Message})", ex));
            return null;
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

    /// <summary>An optional array of strings (numbers allowed); empty when the field is absent or null.</summary>
    public static IReadOnlyList<string> OptionalStrings(JsonElement record, string field, string path, int line)
    {
        if (!record.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new DatasetFormatException(path, line, field, $"expected an array of strings, found {value.ValueKind}");
        }

        return value.EnumerateArray().Select((item, i) => item.ValueKind switch
        {
            JsonValueKind.String => item.GetString()!,
            JsonValueKind.Number => item.GetRawText(),
            _ => throw new DatasetFormatException(path, line, $"{field}[{i}]", $"expected a string, found {item.ValueKind}"),
        }).ToList();
    }
}
