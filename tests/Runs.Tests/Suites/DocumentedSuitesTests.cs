using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Runs.Tests.Suites;

/// <summary>The suites a user is shown run as written: every shipped suite loads, is priced, and the docs show the files as they are.</summary>
public sealed class DocumentedSuitesTests
{
    private static readonly JsonDocumentOptions Comments = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static TheoryData<string> ShippedSuites => [.. Directory.GetFiles(Path.Combine(RepoRoot(), "suites"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedSuites))]
    public async Task A_shipped_suite_loads_and_prices_what_it_runs(string file)
    {
        var (suite, _) = await SuiteLoader.LoadAsync(Path.Combine(RepoRoot(), "suites", file), TestCatalog.Vocabulary);

        // Without prices every $ is n/a: no Pareto front, break-even or cost charts.
        Assert.NotNull(suite.Prices);
        Assert.NotEmpty(suite.Prices);
    }

    [Fact]
    public void A_suite_file_the_docs_show_whole_is_the_file_as_it_is()
    {
        var shown = Directory.GetFiles(Path.Combine(RepoRoot(), "docs"), "*.md").Append(Path.Combine(RepoRoot(), "README.md"))
            .SelectMany(doc => Regex.Matches(File.ReadAllText(doc), @"```jsonc?\n// (suites/[\w.-]+\.json)\n(.*?)```", RegexOptions.Singleline).Select(m => (Doc: doc, File: m.Groups[1].Value, Json: m.Groups[2].Value)))
            .ToList();

        Assert.NotEmpty(shown);
        Assert.All(shown, s => Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(s.Json, documentOptions: Comments), JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), s.File)), documentOptions: Comments)),
            $"{Path.GetFileName(s.Doc)} shows {s.File} other than it is"));
    }

    private static string RepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "LoftCompare.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("LoftCompare.sln not found above the test folder.");
        }

        return folder.FullName;
    }
}
