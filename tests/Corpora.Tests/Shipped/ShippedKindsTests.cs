using System.Text.Json;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Shipped;
using LoftCompare.Corpora.Tables;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Shipped;

/// <summary>The committed re-rank, citation, SQL, ICL and JSON KV sets: each validates, at two lengths, with sound gold.</summary>
public sealed class ShippedKindsTests
{
    private static string Folder(string path) => Path.Combine(AppContext.BaseDirectory, "datasets", path);

    [Theory]
    [InlineData("rerank/sotu/8k", "rerank")]
    [InlineData("rerank/sotu/32k", "rerank")]
    [InlineData("citation/sotu/8k", "citation")]
    [InlineData("citation/sotu/32k", "citation")]
    [InlineData("sql/tables/8k", "sql")]
    [InlineData("sql/tables/32k", "sql")]
    [InlineData("icl/spam/8k", "icl")]
    [InlineData("icl/spam/32k", "icl")]
    [InlineData("multi-value-rag/sotu_years/8k", "multi-value-rag")]
    [InlineData("multi-value-rag/sotu_years/32k", "multi-value-rag")]
    [InlineData("recall/json_kv/4k", "recall")]
    [InlineData("recall/json_kv/16k", "recall")]
    public async Task Every_shipped_set_validates_with_no_problems(string path, string kind)
    {
        var problems = new DatasetProblems();
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadAsync(new DatasetSpec("loft", Folder(path)), problems);

        Assert.Empty(problems.Items);
        Assert.NotNull(set);
        Assert.Equal(kind, set.Kind.Name);
        Assert.True(set.Queries.Count >= 15);
        Assert.True(File.Exists(Path.Combine(Folder(path), "build-info.json")), "each shipped set records its provenance");
    }

    public static TheoryData<string, string> RulerSets()
    {
        var data = new TheoryData<string, string>();
        foreach (var task in Corpora.Shipped.Ruler.RulerTask.All)
        {
            data.Add(task.Name, "4k");
            data.Add(task.Name, "8k");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RulerSets))]
    public async Task Every_shipped_ruler_set_validates_with_one_context_per_query(string task, string length)
    {
        var problems = new DatasetProblems();
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadAsync(new DatasetSpec("loft", Folder($"recall/{task}/{length}")), problems);

        Assert.Empty(problems.Items);
        Assert.Equal(TaskKind.Recall, set!.Kind);
        Assert.Equal(10, set.Queries.Count);
        Assert.All(set.Queries, q =>
        {
            Assert.NotEmpty(q.ContextIds);
            Assert.All(q.GoldDocIds, g => Assert.Contains(g, q.ContextIds));
        });
        Assert.Equal(set.Corpus.Count, set.Queries.Sum(q => q.ContextIds.Count)); // contexts do not overlap
        using var info = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder($"recall/{task}/{length}"), "build-info.json")));
        var target = info.RootElement.GetProperty("target_tokens").GetInt32();
        Assert.All(info.RootElement.GetProperty("sample_tokens").EnumerateArray(), t => Assert.InRange(t.GetInt32(), target * 0.98, target));
    }

    [Fact]
    public async Task Multi_value_answers_are_exactly_the_years_of_the_passages_naming_it()
    {
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Folder("multi-value-rag/sotu_years/32k")));

        foreach (var query in set.Queries)
        {
            var name = query.Text.Split(" is ")[1].Split(" mentioned")[0];
            var naming = set.Corpus.Where(d => System.Text.RegularExpressions.Regex.IsMatch(d.Text, $@"\b{name}\b")).ToList();
            Assert.Equal(naming.Select(d => d.Id).Order(), query.GoldDocIds.Order());
            Assert.Equal(naming.Select(d => SotuTaskSets.Year(d.Title)).Distinct().Order(), query.Answers);
            Assert.InRange(query.Answers.Count, 2, 5);
        }
    }

    [Fact]
    public async Task Rerank_gold_grades_the_quoted_passage_above_its_address_siblings()
    {
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Folder("rerank/sotu/32k")));
        var titles = set.Corpus.ToDictionary(d => d.Id, d => d.Title);

        foreach (var query in set.Queries)
        {
            var top = Assert.Single(query.Relevance, r => r.Value == 2).Key;
            Assert.All(query.Relevance.Where(r => r.Value == 1), r => Assert.Equal(SotuTaskSets.Address(titles[top]), SotuTaskSets.Address(titles[r.Key])));
            Assert.Contains(SotuTaskSets.Address(titles[top])[("State of the Union, ".Length)..][..4], query.Text); // the year
        }
    }

    [Fact]
    public async Task Sql_gold_rows_come_from_the_shipped_tables_and_are_not_in_the_question()
    {
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Folder("sql/tables/8k")));
        var tables = set.Corpus.Select(d => CsvTable.Parse(d.Title, d.Text)).ToDictionary(t => t.Name);

        Assert.Equal(["us_states", "cps_wages_1985"], tables.Keys);
        Assert.Equal(50, tables["us_states"].Rows.Count);
        foreach (var query in set.Queries)
        {
            Assert.NotNull(query.GoldSql);
            Assert.NotEmpty(query.Rows);
            Assert.All(query.GoldDocIds, t => Assert.Contains(t, query.GoldSql));
        }

        // A capital question is answerable by reading the states table, and its answer is not in the question.
        var capital = set.Queries.Concat(set.FewShot).First(q => q.Text.StartsWith("What is the capital of", StringComparison.Ordinal));
        var state = capital.Text["What is the capital of ".Length..].TrimEnd('?');
        var row = tables["us_states"].Rows.Single(r => r[0] == state);
        Assert.Equal([[row[2]]], capital.Rows);
        Assert.DoesNotContain(row[2], capital.Text);
    }

    [Fact]
    public async Task Icl_sets_are_label_balanced_and_share_their_test_inputs_across_lengths()
    {
        var adapter = new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn);
        var small = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", Folder("icl/spam/8k")));
        var large = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", Folder("icl/spam/32k")));

        Assert.Equal(small.Queries.Select(q => q.Text), large.Queries.Select(q => q.Text));
        Assert.True(large.Corpus.Count > 4 * small.Corpus.Count);
        foreach (var set in new[] { small, large })
        {
            var counts = set.Corpus.CountBy(d => d.Title).ToDictionary();
            Assert.Equal(["ham", "spam"], counts.Keys.Order());
            Assert.InRange(Math.Abs(counts["ham"] - counts["spam"]), 0, 1);
            Assert.Equal(set.Queries.Count / 2, set.Queries.Count(q => q.Answers[0] == "spam"));
            Assert.Empty(set.Queries.Select(q => q.Text).Intersect(set.Corpus.Select(d => d.Text)));
        }
    }

    [Fact]
    public async Task Json_kv_answers_sit_under_their_key_in_the_gold_document_only()
    {
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Folder("recall/json_kv/16k")));
        var byId = set.Corpus.ToDictionary(d => d.Id);

        foreach (var query in set.Queries)
        {
            var key = query.Text.Split('"')[1];
            var gold = JsonSerializer.Deserialize<Dictionary<string, string>>(byId[Assert.Single(query.GoldDocIds)].Text)!;
            Assert.Equal(query.Answers[0], gold[key]);
            Assert.Single(set.Corpus, d => d.Text.Contains(query.Answers[0], StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Spam_inputs_keep_the_subject_and_drop_headers_and_markup()
    {
        const string raw = "From a@b.c  Thu Aug 22 2002\nReturn-Path: <a@b.c>\nSubject: Cheap meds now\nContent-Type: text/html\n\n<html><body><p>Buy <b>cheap</b> meds &amp; save today friends</p></body></html>";

        var input = SpamIclBuilder.Input(raw);

        Assert.Equal("Subject: Cheap meds now\nBuy cheap meds save today friends", input);
    }
}
