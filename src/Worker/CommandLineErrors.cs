using System.CommandLine;
using System.Text.RegularExpressions;

namespace LoftCompare.Worker;

/// <summary>
/// Mistakes on the command line in words, one line each, with where to look: the parser's own messages name .NET
/// types ("as expected type 'System.Nullable`1[System.Int32]'") and come with the whole help text.
/// </summary>
internal static partial class CommandLineErrors
{
    /// <summary>Writes the parse's errors to <paramref name="error"/> and returns the exit code (1); 0 when there are none.</summary>
    public static int Report(ParseResult parse, TextWriter error)
    {
        if (parse.Errors.Count == 0)
        {
            return 0;
        }

        var takesSuite = parse.CommandResult.Command.Options.Any(o => o.Name == "--suite");
        foreach (var message in parse.Errors.Select(e => Describe(e.Message)).Distinct())
        {
            // A suite file given where --suite was meant (the most common slip with 'run').
            var hint = takesSuite && Unrecognized().Match(message) is { Success: true } token && File.Exists(token.Groups["token"].Value)
                ? $" Did you mean '--suite {token.Groups["token"].Value}'?" : string.Empty;
            error.WriteLine($"error: {message}{hint}");
        }

        var path = string.Join(' ', parse.CommandResult.Command.Parents.OfType<Command>().Reverse().Skip(1).Select(c => c.Name).Append(parse.CommandResult.Command.Name));
        error.WriteLine($"See 'loftcompare{(parse.CommandResult.Command is RootCommand ? string.Empty : " " + path)} --help'.");
        return 1;
    }

    /// <summary>A parser message with its .NET type names said as what a person types.</summary>
    public static string Describe(string message)
        => ExpectedType().Replace(message, m => $": expected {Kind(m.Groups["type"].Value)}");

    private static string Kind(string type)
        => NullableOf().Match(type) is { Success: true } nullable ? Kind(nullable.Groups["inner"].Value) : type switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a time span such as 00:05:00",
            "System.DateTimeOffset" or "System.DateTime" => "an ISO 8601 date and time",
            _ => $"a {type[(type.LastIndexOf('.') + 1)..]}",
        };

    [GeneratedRegex(@"\s*as expected type '(?<type>[^']+)'")]
    private static partial Regex ExpectedType();

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>[^']+)'")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>[^\]]+)\]$")]
    private static partial Regex NullableOf();
}
