using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Adapters;

/// <summary>The adapter contract at its boundary: whatever escapes an adapter becomes a problem naming the adapter and the path.</summary>
public sealed class AdapterContractTests
{
    /// <summary>An adapter whose CSV library throws its own exception, as a third-party parser would.</summary>
    private sealed class ThrowingAdapter : IDatasetAdapter
    {
        public string Name => "csv-thirdparty";

        public Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
            => throw new FormatException("Malformed line 7: unterminated quote");
    }

    [Fact]
    public async Task An_exception_other_than_a_format_problem_is_wrapped_with_the_adapter_and_the_path()
    {
        var spec = new DatasetSpec("csv-thirdparty", "/data/questions.csv");

        var thrown = await Assert.ThrowsAsync<DatasetFormatException>(() => new ThrowingAdapter().LoadOrThrowAsync(spec));
        Assert.Contains("adapter 'csv-thirdparty' failed: FormatException: Malformed line 7: unterminated quote", thrown.Message);
        Assert.Contains("/data/questions.csv", thrown.Message);

        // Validation collects it as one problem instead of stopping.
        var problems = new DatasetProblems();
        Assert.Null(await new ThrowingAdapter().LoadCheckedAsync(spec, problems));
        Assert.Contains("unterminated quote", Assert.Single(problems.Items).Message);
    }

    [Fact]
    public async Task A_folder_that_is_not_loft_suggests_naming_its_adapter()
    {
        var folder = Directory.CreateTempSubdirectory("not-loft-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "corpus.jsonl"), "{\"pid\":\"d1\",\"title_text\":\"t\",\"passage_text\":\"x\"}\n");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "test_queries.jsonl"), "{\"qid\":\"q1\",\"query_text\":\"?\",\"answers\":[\"x\"]}\n");
            var error = await Assert.ThrowsAsync<DatasetFormatException>(() => new LoftCompare.Corpora.Adapters.Loft.LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", folder.FullName)));
            Assert.Contains("--adapter for datasets validate", error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public static TheoryData<string, string[], string[], string> DuplicateDocuments() => new()
    {
        // adapter, corpus lines, queries lines, queries file
        { "jsonl", ["""{"id":"d1","text":"a"}""", """{"id":"d1","text":"b"}"""], ["""{"id":"q1","query":"?","answers":["a"]}"""], "test.jsonl" },
        { "loft", ["""{"pid":"d1","title_text":"t","passage_text":"a"}""", """{"pid":"d1","title_text":"t","passage_text":"b"}"""], ["""{"qid":"q1","query_text":"?","answers":["a"]}"""], "test_queries.jsonl" },
        { "beir", ["""{"_id":"d1","text":"a"}""", """{"_id":"d1","text":"b"}"""], ["""{"_id":"q1","text":"?"}"""], "queries.jsonl" },
    };

    [Theory]
    [MemberData(nameof(DuplicateDocuments))]
    public async Task Every_jsonl_adapter_reports_a_duplicate_document_id_with_both_lines_through_the_shared_check(string adapter, string[] corpus, string[] queries, string queriesFile)
    {
        using var folder = new TempFolder("rag/set/4k");
        folder.Write("corpus.jsonl", corpus);
        folder.Write(queriesFile, queries);
        Directory.CreateDirectory(Path.Combine(folder.Path_, "qrels"));
        folder.Write(Path.Combine("qrels", "test.tsv"), "query-id\tcorpus-id\tscore", "q1\td1\t1");
        var problems = new DatasetProblems();

        await DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).Get(adapter).LoadCheckedAsync(new DatasetSpec(adapter, folder.Path_, Kind: TaskKind.Rag), problems);

        var problem = Assert.Single(problems.Items);
        Assert.Equal((Path.Combine(folder.Path_, "corpus.jsonl"), 2), (problem.File, problem.Line));
        Assert.Contains("duplicate id 'd1' (first on line 1)", problem.Message);
    }

    [Theory]
    [InlineData("jsonl", "test.jsonl")]
    [InlineData("loft", "test_queries.jsonl")]
    [InlineData("csv", "queries.csv")]
    public async Task An_empty_corpus_is_one_problem_named_against_the_corpus_file(string adapter, string queriesFile)
    {
        using var folder = new TempFolder("rag/set/4k");
        var corpus = adapter == "csv" ? folder.Write("corpus.csv", "id,title,text") : folder.Write("corpus.jsonl", string.Empty);
        folder.Write(queriesFile, adapter == "csv" ? ["id,query,answers", "q1,?,a"] : [adapter == "loft" ? """{"qid":"q1","query_text":"?","answers":["a"]}""" : """{"id":"q1","query":"?","answers":["a"]}"""]);
        var problems = new DatasetProblems();

        var set = await DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).Get(adapter).LoadCheckedAsync(new DatasetSpec(adapter, folder.Path_, Kind: TaskKind.Rag), problems);

        Assert.Null(set);
        // The query's gold is not in the empty corpus either, but the queries file may only hold answers: one problem.
        var problem = Assert.Single(problems.Items);
        Assert.Equal(corpus, problem.File);
        Assert.Contains("corpus is empty", problem.Message);
    }

    [Fact]
    public async Task The_shared_jsonl_reader_keeps_good_records_and_reports_each_bad_one_with_its_line()
    {
        using var folder = new TempFolder();
        var path = folder.Write("items.jsonl", """{"id":"a"}""", "not json", """{"name":"no id"}""", "[1]", """{"id":"b"}""");
        var problems = new DatasetProblems();

        var ids = await JsonlFile.ReadAllAsync(path, problems, (record, line) => JsonlFile.RequiredString(record, "id", path, line));

        Assert.Equal(["a", "b"], ids);
        Assert.Equal([2, 3, 4], problems.Items.Select(p => p.Line));
        Assert.Equal("id", problems.Items[1].Field);
        await Assert.ThrowsAsync<DatasetFormatException>(() => JsonlFile.ReadAllAsync(path, problems: null, (record, line) => JsonlFile.RequiredString(record, "id", path, line)));
    }
}
