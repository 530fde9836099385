using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Csv;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Adapters;

/// <summary>The CSV adapter: the shipped sample loads, and bad files are reported with file, line and column — one problem for a missing column.</summary>
public sealed class CsvFolderAdapterTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("csv-");

    private async Task<DatasetProblems> ValidateAsync(string corpus, string queries)
    {
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "corpus.csv"), corpus);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "queries.csv"), queries);
        var problems = new DatasetProblems();
        await new CsvFolderAdapter().LoadCheckedAsync(new DatasetSpec("csv", folder.FullName), problems);
        return problems;
    }

    [Fact]
    public async Task The_shipped_sample_loads_with_its_gold()
    {
        var set = await DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).Get("csv").LoadOrThrowAsync(new DatasetSpec("csv", Path.Combine(AppContext.BaseDirectory, "datasets", "csv", "sotu-sample")));

        Assert.Equal((TaskKind.Rag, 40, 8), (set.Kind, set.Corpus.Count, set.Queries.Count));
        Assert.All(set.Queries, q => Assert.Contains(q.GoldDocIds[0], set.Corpus.Select(d => d.Id)));
        Assert.Contains("\"", set.Queries[0].Text); // a quoted cell with doubled quotes reads back as one quote
        Assert.Equal("Baghdad", set.Queries[0].Answers.Single());
    }

    [Fact]
    public async Task A_missing_column_is_one_problem_for_its_file_not_one_per_row()
    {
        var problems = await ValidateAsync("id,title,text\nd1,T,one\nd2,T,two\n", "id,question,answers\nq1,a?,x\nq2,b?,y\nq3,c?,z\n");

        var problem = Assert.Single(problems.Items);
        Assert.Contains("queries.csv:1", problem.Message);
        Assert.Contains("required column(s) missing", problem.Message);
        Assert.Contains("'query'", problem.Message);
    }

    [Fact]
    public async Task Each_bad_row_is_reported_with_its_line_and_column_and_the_rest_still_read()
    {
        var problems = await ValidateAsync(
            "id,title,text\nd1,T,\"a, quoted\nmultiline text\"\nd1,T,again\nd2,T,\n",
            "id,query,answers,gold_ids\nq1,a?,x,d1\nq2,b?,,d1\nq3,c?,z,d9\nq4,d?,w,d1,extra\n");

        (string Where, string What)[] expected =
        [
            ("corpus.csv:4: field 'id'", "duplicate id 'd1' (first on line 2)"),
            ("corpus.csv:5: field 'text'", "missing or empty"),
            ("queries.csv:3: field 'answers'", "needs at least one answer"),
            ("queries.csv:4: field 'gold_ids'", "gold document 'd9' is not in the corpus"),
            ("queries.csv:5", "5 fields; the header has 4"),
        ];
        Assert.Equal(expected.Length, problems.Items.Count);
        foreach (var (where, what) in expected)
        {
            Assert.Contains(problems.Items, p => p.Message.Contains(where, StringComparison.Ordinal) && p.Message.Contains(what, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_unclosed_quote_is_named_with_the_line_it_opens_on()
    {
        var problems = await ValidateAsync("id,title,text\nd1,T,\"never closed\nd2,T,two\n", "id,query,answers\n");

        Assert.Contains(problems.Items, p => p.Message.Contains("corpus.csv:2", StringComparison.Ordinal) && p.Message.Contains("never closed", StringComparison.Ordinal));
    }

    public void Dispose() => folder.Delete(recursive: true);
}
