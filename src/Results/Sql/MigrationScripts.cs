using System.Reflection;
using System.Text.RegularExpressions;
using LoftCompare.Results;

namespace LoftCompare.Results.Sql;

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

    /// <summary>Refuses a database holding a migration newer than <paramref name="scripts"/>: a newer build changed the schema, and writing with this one could lose or corrupt what it added.</summary>
    /// <exception cref="DatabaseSchemaTooNewException">The newest applied version is above the newest script.</exception>
    public static void RefuseNewer(IReadOnlyList<(int Version, string Name, string Sql)> scripts, IReadOnlyCollection<long> applied)
    {
        var known = scripts.Select(m => m.Version).DefaultIfEmpty(0).Max();
        if (applied.Count > 0 && applied.Max() > known)
        {
            throw new DatabaseSchemaTooNewException((int)applied.Max(), known);
        }
    }

    private static string Read(Assembly assembly, string name)
    {
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"Migrations\.(?<version>\d{4})_(?<name>\w+)\.sql$")]
    private static partial Regex ScriptName();
}
