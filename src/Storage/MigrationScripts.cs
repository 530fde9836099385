using System.Reflection;
using System.Text.RegularExpressions;

namespace LoftCompare.Eval.Results;

/// <summary>A store's numbered migration scripts (<c>Migrations/NNNN_name.sql</c>, embedded in its assembly), in order.</summary>
public static partial class MigrationScripts
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> In(Assembly assembly)
        => assembly.GetManifestResourceNames()
            .Select(name => (Name: name, Match: ScriptName().Match(name)))
            .Where(m => m.Match.Success)
            .Select(m => (int.Parse(m.Match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Match.Groups["name"].Value, Read(assembly, m.Name)))
            .OrderBy(m => m.Item1)
            .ToList();

    private static string Read(Assembly assembly, string name)
    {
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"Migrations\.(?<version>\d{4})_(?<name>\w+)\.sql$")]
    private static partial Regex ScriptName();
}
