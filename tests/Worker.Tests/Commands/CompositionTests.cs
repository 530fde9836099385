using System.Text.Json;
using System.Text.RegularExpressions;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Csv;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Runs;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Worker.Commands;
using LoftCompare.Worker.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

using LoftCompare.Tests.Plugins;

namespace LoftCompare.Worker.Tests.Commands;

/// <summary>Commands that print are run in-process with the console captured, so nothing else may run beside them.</summary>
[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture;

/// <summary>
/// One composition for every command: a host registers a plug-in kind and a plug-in adapter once, and <c>run</c>,
/// <c>datasets validate</c>, <c>score</c>, <c>report</c> and the viewer all know them; the plain executable knows none.
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class CompositionTests : IDisposable
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "datasets", "csv", "sotu-sample");

    private readonly TestWorkspace workspace = new();

    private static void Plugins(IServiceCollection services)
        => services.AddTaskKind(QuoteSource.Profile, new QuoteSourceMetric()).AddSingleton<IDatasetAdapter, TeamCsvAdapter>();

    [Fact]
    public async Task A_host_plug_in_kind_and_adapter_are_seen_by_datasets_score_report_and_the_viewer()
    {
        var suite = workspace.WriteSuite($$"""
            {
              "name": "plug-in-host",
              "tasks": [ { "name": "sources", "adapter": "team-csv", "kind": "quote-source", "path": "{{TestWorkspace.Json(Sample)}}", "maxQueries": 4 } ]
            }
            """);
        var db = Path.Combine(workspace.Root, "r.db");
        var reports = Path.Combine(workspace.Root, "reports");

        // run: the suite names the plug-in kind and adapter; the plain command line refuses both at load.
        var plainRun = await InvokeAsync(null, "run", "--suite", suite, "--db", Path.Combine(workspace.Root, "plain.db"), "--out", reports, "--data-dir", workspace.DataDirectory);
        Assert.Equal(1, plainRun.Exit);
        Assert.Contains("task 'sources' has unknown kind 'quote-source'", plainRun.Stderr);
        var run = await InvokeAsync(Plugins, "run", "--suite", suite, "--db", db, "--out", reports, "--data-dir", workspace.DataDirectory);
        Assert.True(run.Exit == 0, run.Stderr + run.Stdout);

        // datasets validate and list.
        var validated = await InvokeAsync(Plugins, "datasets", "validate", Sample, "--adapter", "team-csv", "--kind", "quote-source");
        Assert.True(validated.Exit == 0, validated.Stderr);
        Assert.Contains("(quote-source).", validated.Stdout);
        var unknown = await InvokeAsync(null, "datasets", "validate", Sample, "--adapter", "team-csv", "--kind", "quote-source");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("Unknown --kind 'quote-source'", unknown.Stderr);
        var listed = await InvokeAsync(Plugins, "datasets", "list", "--format", "csv", "--root", workspace.Root);
        Assert.Contains("adapter,team-csv,", listed.Stdout);
        Assert.Contains("task kind,quote-source,name the document a verbatim quote comes from", listed.Stdout);

        // score: a LOFT folder whose family names the plug-in kind, scored by the plug-in's metric.
        var set = (await new CsvFolderAdapter().LoadAsync(new DatasetSpec("csv", Sample, Kind: QuoteSource.Kind)))!;
        var folder = Path.Combine(workspace.Root, "quote-source", "sotu", "8k");
        await LoftFolderWriter.WriteAsync(folder, QuoteSource.Kind, set.Corpus, new Dictionary<string, IReadOnlyList<Query>> { ["test"] = set.Queries });
        var predictions = Path.Combine(workspace.Root, "predictions.jsonl");
        // The first half named right, the rest wrong: source_hit is exactly the right fraction.
        var right = set.Queries.Count / 2;
        await File.WriteAllLinesAsync(predictions, set.Queries.Select((q, i) => JsonSerializer.Serialize(new { qid = q.Id, num_turns = 1, model_outputs = new[] { new[] { i < right ? q.GoldDocIds[0] : "no-such-doc" } } })));
        var scored = await InvokeAsync(Plugins, "score", "--dataset", folder, "--predictions", predictions, "--json");
        Assert.True(scored.Exit == 0, scored.Stderr);
        var score = JsonDocument.Parse(scored.Stdout).RootElement;
        Assert.Equal(("quote-source", "source_hit", "the team's"), (score.GetProperty("task").GetString(), score.GetProperty("primary_metric").GetString(), score.GetProperty("rules").GetString()));
        Assert.Equal((double)right / set.Queries.Count, score.GetProperty("metrics").GetProperty("source_hit").GetProperty("mean").GetDouble(), 12);
        var unscored = await InvokeAsync(null, "score", "--dataset", folder, "--predictions", predictions, "--json");
        Assert.Equal(1, unscored.Exit);
        Assert.Contains("cannot tell the task kind from the folder layout", unscored.Stderr);

        // report: the plug-in metric orders the columns and names whose rules they are.
        var store = await SqliteResultStore.OpenAsync(db);
        var runId = (await store.GetLatestRunAsync())!.RunId;
        var plugged = await InvokeAsync(Plugins, "report", "--run", runId, "--db", db, "--out", Path.Combine(workspace.Root, "plugged"));
        var plain = await InvokeAsync(null, "report", "--run", runId, "--db", db, "--out", Path.Combine(workspace.Root, "plain"));
        Assert.Equal((0, 0), (plugged.Exit, plain.Exit));
        Assert.Contains("## Task sources (quote-source; leading metric: source_hit, the team's rules)", await File.ReadAllTextAsync(plugged.Stdout.Trim()));
        Assert.Contains("## Task sources (quote-source; leading metric: source_hit)", await File.ReadAllTextAsync(plain.Stdout.Trim()));

        // The viewer reads the recorded suite and its task set with the catalog it is given.
        var query = set.Queries[0];
        await using var composition = new CommandComposition(Plugins);
        Assert.Contains($"<h2>Query</h2><pre>{System.Net.WebUtility.HtmlEncode(query.Text)}</pre>", await ExamplePageAsync(store, composition.Catalog, runId, query.Id));
        Assert.Contains("Query text and gold are not shown", await ExamplePageAsync(store, TestCatalog.BuiltIn, runId, query.Id));
    }

    [Fact]
    public void No_built_in_catalog_is_read_outside_the_composition_root()
    {
        // The built-in parts are defined beside their registries and read only where the catalog is composed.
        var builtIns = new Regex(@"TaskKindProfiles\.BuiltIn|TaskKinds\.BuiltIn|(DatasetAdapter|Metric|PromptFormat|Retriever|ModelBackend)Registry\.(BuiltIn|CreateDefault)|(?<![\w.])PromptFormats\.(Create|Names)|RunRegistries");
        string[] allowed =
        [
            "src/Runs/LoftCompareServiceCollectionExtensions.cs", "src/Runs/TaskKindPlugin.cs", // the composition root
            "src/Pipelines/Prompts/PromptFormatRegistry.cs", // its BuiltIn() registers the built-in formats
        ];
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "LoftCompare.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("LoftCompare.sln not found above the test folder.");
        }

        var src = Path.Combine(root.FullName, "src");
        var readers = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root.FullName, f).Replace('\\', '/'), Line: i + 1, Text: line)))
            .Where(l => builtIns.IsMatch(l.Text) && !l.Text.TrimStart().StartsWith("///", StringComparison.Ordinal) && !l.Text.Contains("public static", StringComparison.Ordinal))
            .Where(l => !allowed.Contains(l.File))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(readers.Count == 0, "Built-in catalogs read outside the composition root:\n" + string.Join("\n", readers));
    }

    [Fact]
    public async Task An_unexpected_exception_is_said_to_be_a_bug_with_exit_70_and_its_stack_trace_under_verbose()
    {
        // A plug-in metric with a bug: what escapes it is not the user's fault.
        static void Broken(IServiceCollection services) => services.AddTaskKind(QuoteSource.Profile, new BrokenMetric());
        var set = (await new CsvFolderAdapter().LoadAsync(new DatasetSpec("csv", Sample, Kind: QuoteSource.Kind)))!;
        var folder = Path.Combine(workspace.Root, "quote-source", "sotu", "8k");
        await LoftFolderWriter.WriteAsync(folder, QuoteSource.Kind, set.Corpus, new Dictionary<string, IReadOnlyList<Query>> { ["test"] = set.Queries });
        var predictions = Path.Combine(workspace.Root, "predictions.jsonl");
        await File.WriteAllLinesAsync(predictions, set.Queries.Select(q => JsonSerializer.Serialize(new { qid = q.Id, num_turns = 1, model_outputs = new[] { new[] { q.GoldDocIds[0] } } })));

        var plain = await InvokeAsync(Broken, "score", "--dataset", folder, "--predictions", predictions);
        var verbose = await InvokeAsync(Broken, "score", "--dataset", folder, "--predictions", predictions, "--verbose");
        var user = await InvokeAsync(Broken, "score", "--dataset", folder, "--predictions", predictions + ".missing");

        Assert.Equal((LoftCompareCommandLine.UnexpectedExit, LoftCompareCommandLine.UnexpectedExit, 1), (plain.Exit, verbose.Exit, user.Exit));
        Assert.StartsWith("error: unexpected System.InvalidOperationException: the metric's own bug\nThis is a bug in loftcompare: please report it", plain.Stderr.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(" at ", plain.Stderr);
        Assert.Contains($" at {typeof(BrokenMetric).FullName!.Replace('+', '.')}.ScoreAsync", verbose.Stderr);
        // A user's mistake stays one line, naming the file.
        Assert.StartsWith($"error: {predictions}.missing: predictions file does not exist", user.Stderr);
        Assert.Single(user.Stderr.Trim().Split('\n'));
    }

    public void Dispose() => workspace.Dispose();

    private static async Task<string> ExamplePageAsync(SqliteResultStore store, LoftCompareCatalog catalog, string runId, string queryId)
    {
        await using var viewer = ViewerApp.Build(store, new ViewerOptions { Port = 0, ReportsFolder = Path.GetTempPath() }, catalog);
        await viewer.StartAsync();
        var address = viewer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        return await http.GetStringAsync($"/runs/{Uri.EscapeDataString(runId)}/examples/sources/{Uri.EscapeDataString(queryId)}");
    }

    /// <summary>The command line in this process, as a host's Program would call it, with stdout and stderr captured.</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> InvokeAsync(Action<IServiceCollection>? plugins, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (savedOut, savedError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var exit = await LoftCompareCommandLine.InvokeAsync(args, plugins);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
    }

    private sealed class BrokenMetric : IMetric
    {
        public TaskKind Kind => QuoteSource.Kind;

        public string PrimaryScore => "source_hit";

        public string Origin => "the team's";

        public IReadOnlyList<string> ScoreNames { get; } = ["source_hit"];

        public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("the metric's own bug");
    }

    /// <summary>A team's adapter: the CSV layout under its own name.</summary>
    private sealed class TeamCsvAdapter : IDatasetAdapter
    {
        private readonly CsvFolderAdapter csv = new();

        public string Name => "team-csv";

        public Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
            => csv.LoadAsync(spec with { Adapter = "csv" }, problems, cancellationToken);
    }
}
