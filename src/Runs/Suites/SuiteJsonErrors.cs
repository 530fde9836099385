using System.Text.Json;
using System.Text.RegularExpressions;

namespace LoftCompare.Runs.Suites;

/// <summary>
/// What is wrong with a suite's JSON, in words a person can act on: an unknown field with the nearest known one and
/// every field allowed where it stands; any other parser error without the parser's own position suffix (the loader
/// names the file's line once, counting from 1).
/// </summary>
internal static partial class SuiteJsonErrors
{
    public static string Describe(JsonException ex, JsonSerializerOptions options)
    {
        if (Unmapped().Match(ex.Message) is { Success: true } unmapped && typeof(Suite).Assembly.GetType(unmapped.Groups["type"].Value) is { } type)
        {
            var allowed = options.GetTypeInfo(type).Properties.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(StringComparer.Ordinal).ToList();
            var name = unmapped.Groups["name"].Value;
            var nearest = Nearest(name, allowed);
            return $"unknown field '{name}'{(nearest is null ? string.Empty : $"; did you mean '{nearest}'?")} (allowed here: {string.Join(", ", allowed)})";
        }

        return Position().Replace(ex.Message, string.Empty);
    }

    /// <summary>The allowed name a typo most likely meant: within a third of its length in edits (at least 2), ignoring case.</summary>
    public static string? Nearest(string name, IReadOnlyList<string> allowed)
        => allowed.Select(a => (Name: a, Edits: Edits(name.ToLowerInvariant(), a.ToLowerInvariant())))
            .Where(c => c.Edits <= Math.Max(2, name.Length / 3))
            .OrderBy(c => c.Edits).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).FirstOrDefault();

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Edits(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"^The JSON property '(?<name>[^']*)' could not be mapped to any \.NET member contained in type '(?<type>[^']+)'\.")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"\s*Path: \S* \| LineNumber: \d+ \| BytePositionInLine: \d+\.$")]
    private static partial Regex Position();
}
