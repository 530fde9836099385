using LoftCompare.Runs.Suites;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Tests.Runs;

/// <summary>A suite's own prompt, written as a Semantic Kernel template in a file beside the suite, runs end to end.</summary>
public sealed class PromptTemplateRunTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task A_template_format_from_a_file_runs_and_a_loft_equivalent_template_gives_the_same_prompts_and_answers()
    {
        await File.WriteAllTextAsync(Path.Combine(workspace.Root, "loft-as-template.txt"), "{{$instructions}}\n\n{{$corpus}}\n\n{{$examples}}\n====== Now let's start! ======\n{{$query}}");
        var dataset = TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"));
        var suite = workspace.WriteSuite($$"""
            {
              "name": "templates",
              "pipelines": ["rag", "long-context"],
              "promptTemplates": { "ours": { "templateFile": "loft-as-template.txt", "parser": "loft" } },
              "tasks": [
                { "name": "builtin", "path": "{{dataset}}", "maxQueries": 4, "promptFormat": "loft" },
                { "name": "template", "path": "{{dataset}}", "maxQueries": 4, "promptFormat": "ours" }
              ]
            }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);

        var outcome = await workspace.Launcher(store).RunAsync(new RunLaunch { SuitePath = suite });

        Assert.Equal(LoftCompare.Results.RunStatus.Succeeded, outcome.Summary.Status);
        var rows = await store.GetResultsAsync(outcome.Summary.RunId);
        var builtin = rows.Where(r => r.TaskName == "builtin").ToDictionary(r => (r.Pipeline, r.QueryId));
        var template = rows.Where(r => r.TaskName == "template").ToList();
        Assert.Equal(8, template.Count);
        Assert.All(template, r =>
        {
            var same = builtin[(r.Pipeline, r.QueryId)];
            Assert.Equal((same.InputTokens, same.RawOutput, same.PrimaryScore), (r.InputTokens, r.RawOutput, r.PrimaryScore));
            Assert.Equal("subspan_em", r.PrimaryMetric); // scored by the parser's (LOFT's) rules
        });
    }

    [Theory]
    [InlineData("""{ "ours": { "parser": "loft" } }""", "needs exactly one of 'template' and 'templateFile'")]
    [InlineData("""{ "ours": { "templateFile": "missing.txt" } }""", "missing.txt' does not exist")]
    [InlineData("""{ "ours": { "template": "{{$corpus}}", "parser": "mine" } }""", "'promptTemplates.ours.parser' is 'mine'")]
    [InlineData("""{ "loft": { "template": "{{$corpus}}" } }""", "would replace the registered 'loft' format")]
    [InlineData("""{ "ours": { "template": "{{summarize $corpus}}" } }""", "field 'template' is not a template this format can render")]
    public async Task Bad_templates_are_refused_naming_the_field(string templates, string problem)
    {
        var path = workspace.WriteSuite($$"""{ "name": "s", "promptTemplates": {{templates}}, "tasks": [ { "name": "t", "path": "p" } ] }""");

        var error = await Assert.ThrowsAsync<SuiteException>(() => SuiteLoader.LoadAsync(path, TestCatalog.Vocabulary));

        Assert.Contains(problem, error.Message);
    }

    public void Dispose() => workspace.Dispose();
}
