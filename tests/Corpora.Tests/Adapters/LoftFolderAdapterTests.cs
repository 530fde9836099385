using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Adapters;

public sealed class LoftFolderAdapterTests
{
    private static readonly string[] Corpus =
    [
        """{"pid": "doc1", "title_text": "Harvests", "passage_text": "The abundant fruits of another year.", "metadata": {}}""",
        """{"pid": "doc2", "title_text": "Commerce", "passage_text": "A flourishing commerce.", "metadata": {}}""",
        """{"pid": "doc3", "title_text": "", "passage_text": "Public credit has risen."}""",
    ];

    private readonly LoftFolderAdapter adapter = new(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn);

    [Fact]
    public async Task Loads_a_rag_folder_with_answers_qrels_and_few_shot_and_infers_the_kind_from_the_layout()
    {
        using var folder = new TempFolder(Path.Combine("rag", "tiny", "32k"));
        folder.Write("corpus.jsonl", Corpus);
        folder.Write("test_queries.jsonl",
            """{"qid": "t1", "query_text": "what blessed the country", "metadata": {"qrels": [["doc1", 1]]}, "answers": ["abundant fruits", "fruits"]}""",
            "",
            """{"qid": "t2", "query_text": "what flourished", "metadata": {"qrels": [["doc2", 1], ["doc3", 1]]}, "answers": ["commerce"]}""");
        folder.Write("few_shot_queries.jsonl", """{"qid": "f1", "query_text": "what rose", "metadata": {"qrels": [["doc3", 1]]}, "answers": ["public credit"]}""");

        var set = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_));

        Assert.Equal(TaskKind.Rag, set.Kind);
        Assert.Equal("tiny/32k", set.Name);
        Assert.Equal(["doc1", "doc2", "doc3"], set.Corpus.Select(d => d.Id));
        Assert.Equal(string.Empty, set.Corpus[2].Title);
        Assert.Equal(2, set.Queries.Count);
        Assert.Equal(["abundant fruits", "fruits"], set.Queries[0].Answers);
        Assert.Equal(["doc2", "doc3"], set.Queries[1].GoldDocIds);
        Assert.Equal("f1", Assert.Single(set.FewShot).Id);
        Assert.Matches("^[0-9a-f]{64}$", set.ContentHash);
    }

    [Fact]
    public async Task Reads_retrieval_answers_given_as_pid_relevance_pairs()
    {
        using var folder = new TempFolder(Path.Combine("retrieval", "tiny", "32k"));
        folder.Write("corpus.jsonl", Corpus);
        folder.Write("dev_queries.jsonl", """{"qid": "d1", "query_text": "credit", "answers": [["doc3", 1]]}""");

        var set = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_, Split: "dev"));

        Assert.Equal(TaskKind.Retrieval, set.Kind);
        Assert.Equal(["doc3"], Assert.Single(set.Queries).GoldDocIds);
        Assert.Empty(set.FewShot);
    }

    [Fact]
    public async Task The_content_hash_changes_when_any_passage_changes_and_not_otherwise()
    {
        using var first = new TempFolder(Path.Combine("rag", "a", "32k"));
        using var second = new TempFolder(Path.Combine("rag", "a", "32k"));
        const string query = """{"qid": "t1", "query_text": "q", "metadata": {"qrels": [["doc1", 1]]}, "answers": ["x"]}""";
        first.Write("corpus.jsonl", Corpus);
        first.Write("test_queries.jsonl", query);
        second.Write("corpus.jsonl", [.. Corpus[..2], Corpus[2].Replace("risen", "fallen")]);
        second.Write("test_queries.jsonl", query);

        var a = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", first.Path_));
        var again = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", first.Path_));
        var b = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", second.Path_));

        Assert.Equal(a.ContentHash, again.ContentHash);
        Assert.NotEqual(a.ContentHash, b.ContentHash);
    }

    public static TheoryData<string, string, int, string> MalformedCorpora => new()
    {
        { """{"pid": "doc1", "title_text": "T", "passage_text": "ok"}""" + "\n" + """{"pid": "doc2", "title_text": "T", "passage_text": "unterminated""", "corpus.jsonl", 2, "not valid JSON" },
        { """{"pid": "doc1", "title_text": "T"}""", "corpus.jsonl", 1, "field 'passage_text': missing" },
        { """{"pid": ["doc1"], "passage_text": "x"}""", "corpus.jsonl", 1, "field 'pid': expected a string" },
        { """{"pid": "doc1", "passage_text": "x"}""" + "\n" + """{"pid": "doc1", "passage_text": "y"}""", "corpus.jsonl", 2, "field 'pid': duplicate id 'doc1' (first on line 1)" },
        { "[1, 2]", "corpus.jsonl", 1, "expected a JSON object" },
    };

    [Theory]
    [MemberData(nameof(MalformedCorpora))]
    public async Task A_malformed_corpus_line_is_reported_with_file_line_and_field(string corpus, string file, int line, string problem)
    {
        using var folder = new TempFolder(Path.Combine("rag", "bad", "32k"));
        File.WriteAllText(Path.Combine(folder.Path_, "corpus.jsonl"), corpus);
        folder.Write("test_queries.jsonl", """{"qid": "t1", "query_text": "q", "answers": ["a"]}""");

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_)));

        Assert.EndsWith(file, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains($"{file}:{line}: {problem}", error.Message);
    }

    public static TheoryData<string, string> MalformedQueries => new()
    {
        { """{"qid": "t1", "answers": ["a"]}""", "field 'query_text': missing" },
        { """{"qid": "t1", "query_text": "q", "answers": "a"}""", "field 'answers': expected an array" },
        { """{"qid": "t1", "query_text": "q", "metadata": {"qrels": [["doc9", 1]]}, "answers": ["a"]}""", "field 'metadata.qrels': gold document 'doc9' is not in the corpus" },
        { """{"qid": "t1", "query_text": "q", "metadata": {"qrels": [["doc1"]]}, "answers": ["a"]}""", "field 'metadata.qrels[0]': expected a [pid, relevance] pair" },
        { """{"qid": "t1", "query_text": "q", "answers": []}""", "field 'answers': a rag query needs at least one answer" },
    };

    [Theory]
    [MemberData(nameof(MalformedQueries))]
    public async Task A_malformed_query_line_is_reported_with_file_line_and_field(string badLine, string problem)
    {
        using var folder = new TempFolder(Path.Combine("rag", "bad", "32k"));
        folder.Write("corpus.jsonl", Corpus);
        folder.Write("test_queries.jsonl", """{"qid": "t0", "query_text": "fine", "answers": ["a"]}""", badLine);

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_)));

        Assert.Contains($"test_queries.jsonl:2: {problem}", error.Message);
    }

    [Fact]
    public async Task Missing_files_and_unknown_layouts_get_clear_errors()
    {
        using var folder = new TempFolder(Path.Combine("rag", "empty", "32k"));
        var noCorpus = await Assert.ThrowsAsync<DatasetFormatException>(() => adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_)));
        Assert.Contains("corpus.jsonl: corpus file is missing", noCorpus.Message);

        folder.Write("corpus.jsonl", Corpus);
        var noSplit = await Assert.ThrowsAsync<DatasetFormatException>(() => adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_, Split: "dev")));
        Assert.Contains("split 'dev' has no queries file", noSplit.Message);

        using var flat = new TempFolder();
        flat.Write("corpus.jsonl", Corpus);
        flat.Write("test_queries.jsonl", """{"qid": "t0", "query_text": "q", "answers": ["a"]}""");
        var noKind = await Assert.ThrowsAsync<DatasetFormatException>(() => adapter.LoadOrThrowAsync(new DatasetSpec("loft", flat.Path_)));
        Assert.Contains("set \"kind\" in the suite", noKind.Message);
    }

    [Fact]
    public void The_registry_names_known_adapters_when_asked_for_an_unknown_one()
    {
        var registry = DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn);

        Assert.IsType<LoftFolderAdapter>(registry.Get("LOFT"));
        var error = Assert.Throws<UnknownDatasetAdapterException>(() => registry.Get("longbench"));
        // What is registered is read from the registry, so adding an adapter does not break this test.
        Assert.StartsWith("Unknown dataset adapter 'longbench'; known adapters: ", error.Message);
        Assert.All(registry.Names, name => Assert.Contains(name, error.Message));
        Assert.Superset(new HashSet<string> { "loft", "beir", "jsonl", "csv" }, registry.Names.ToHashSet());
    }
}
