using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Beir;
using LoftCompare.Corpora.Adapters.Jsonl;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Adapters;

public sealed class BeirFolderAdapterTests
{
    /// <summary>"file:line field" of a problem, "-" when it is not about one field.</summary>
    public static string Where(DatasetFormatException problem) => $"{Path.GetFileName(problem.File)}:{problem.Line} {problem.Field ?? "-"}";

    private static TempFolder Beir(params string[] qrels)
    {
        var folder = new TempFolder("scifact");
        folder.Write("corpus.jsonl",
            """{"_id": "d1", "title": "Aspirin", "text": "Aspirin lowers fever.", "metadata": {}}""",
            """{"_id": "d2", "title": "", "text": "Ibuprofen reduces pain."}""");
        folder.Write("queries.jsonl", """{"_id": "q1", "text": "Does aspirin lower fever?"}""", """{"_id": "q2", "text": "pain relief"}""", """{"_id": "q3", "text": "unjudged"}""");
        Directory.CreateDirectory(Path.Combine(folder.Path_, "qrels"));
        File.WriteAllLines(Path.Combine(folder.Path_, "qrels", "test.tsv"), ["query-id\tcorpus-id\tscore", .. qrels]);
        return folder;
    }

    [Fact]
    public async Task Loads_judged_queries_with_their_relevant_documents()
    {
        using var folder = Beir("q1\td1\t1", "q2\td2\t2", "q2\td1\t0");

        var set = await new BeirFolderAdapter().LoadOrThrowAsync(new DatasetSpec("beir", folder.Path_));

        Assert.Equal(TaskKind.Retrieval, set.Kind);
        Assert.Equal(["d1", "d2"], set.Corpus.Select(d => d.Id));
        Assert.Equal([("q1", "d1"), ("q2", "d2")], set.Queries.Select(q => (q.Id, Assert.Single(q.GoldDocIds)))); // score 0 is not relevant; q3 is unjudged
    }

    [Fact]
    public async Task Validation_reports_every_bad_qrel_row()
    {
        using var folder = Beir("q1\td9\t1", "q7\td1\t1", "q1\td1\tlots", "q1 d1 1");
        var problems = new DatasetProblems();

        await new BeirFolderAdapter().LoadAsync(new DatasetSpec("beir", folder.Path_), problems);

        Assert.Equal(["test.tsv:2 corpus-id", "test.tsv:3 query-id", "test.tsv:4 score", "test.tsv:5 -"], problems.Items.Select(Where));
        Assert.Contains("expected 3 tab-separated fields", problems.Items[3].Message);
    }
}

public sealed class JsonlFolderAdapterTests
{
    [Fact]
    public async Task Loads_users_own_rag_data_when_the_suite_names_the_kind()
    {
        using var folder = new TempFolder("mine");
        folder.Write("corpus.jsonl", """{"id": "a", "title": "A", "text": "Alpha text."}""", """{"id": "b", "text": "Beta text."}""");
        folder.Write("test.jsonl", """{"id": "1", "query": "What is alpha?", "answers": ["Alpha"], "gold_ids": ["a"]}""");

        var set = await new JsonlFolderAdapter().LoadOrThrowAsync(new DatasetSpec("jsonl", folder.Path_, Kind: TaskKind.Rag));
        var noKind = await Assert.ThrowsAsync<DatasetFormatException>(() => new JsonlFolderAdapter().LoadOrThrowAsync(new DatasetSpec("jsonl", folder.Path_)));

        Assert.Equal(("Alpha", "a"), (set.Queries[0].Answers[0], set.Queries[0].GoldDocIds[0]));
        Assert.Equal(string.Empty, set.Corpus[1].Title);
        Assert.Contains("set \"kind\" in the suite", noKind.Message);
    }
}

public sealed class ValidationTests
{
    [Fact]
    public async Task Validating_a_loft_folder_reports_every_problem_not_just_the_first()
    {
        using var folder = new TempFolder(Path.Combine("rag", "bad", "32k"));
        folder.Write("corpus.jsonl",
            """{"pid": "d1", "passage_text": "ok"}""",
            """{"pid": "d1", "passage_text": "duplicate"}""",
            "not json",
            """{"pid": "d3"}""");
        folder.Write("test_queries.jsonl",
            """{"qid": "q1", "query_text": "q", "answers": ["a"], "metadata": {"qrels": [["d9", 1]]}}""",
            """{"qid": "q2", "answers": ["a"]}""",
            """{"qid": "q3", "query_text": "fine", "answers": ["a"]}""");
        var problems = new DatasetProblems();

        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadAsync(new DatasetSpec("loft", folder.Path_), problems);

        Assert.Equal(
            ["corpus.jsonl:2 pid", "corpus.jsonl:3 -", "corpus.jsonl:4 passage_text", "test_queries.jsonl:1 metadata.qrels", "test_queries.jsonl:2 query_text"],
            problems.Items.Select(BeirFolderAdapterTests.Where));
        Assert.Contains("not valid JSON", problems.Items[1].Message);
        Assert.Equal(["q3"], set!.Queries.Select(q => q.Id)); // what was valid is still read
    }
}
