using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Adapters;

/// <summary>Fixtures written to LOFT's published schemas for the SQL, ICL, multi-turn and graded families.</summary>
public sealed class LoftFamiliesTests
{
    private readonly LoftFolderAdapter adapter = new(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn);

    [Fact]
    public async Task A_sql_folder_reads_rows_gold_sql_and_candidate_tables()
    {
        using var folder = new TempFolder("sql/spider/32k");
        folder.Write("corpus.jsonl",
            """{"pid": "t1", "title_text": "classroom", "passage_text": "building,capacity\nGates,60\nTaylor,40\n"}""",
            """{"pid": "t2", "title_text": "department", "passage_text": "dept_name,budget\nPhysics,800\n"}""");
        folder.Write("test_queries.jsonl",
            """{"qid": "a1", "query_text": "Buildings with rooms over 50?", "answers": [["Gates"]], "metadata": {"db_id": "college_2", "sql_query": "SELECT building FROM classroom WHERE capacity > 50", "candidate_pids": ["t1", "t2"]}}""",
            """{"qid": "a2", "query_text": "Name and budget of each department?", "answers": [["Physics", 800], ["History", 50.5]]}""");

        var set = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_));

        Assert.Equal(TaskKind.Sql, set.Kind);
        var first = set.Queries[0];
        Assert.Equal([["Gates"]], first.Rows);
        Assert.Equal("SELECT building FROM classroom WHERE capacity > 50", first.GoldSql);
        Assert.Equal(["t1", "t2"], first.CandidateIds);
        Assert.Equal([["Physics", "800"], ["History", "50.5"]], set.Queries[1].Rows);
    }

    [Fact]
    public async Task A_candidate_table_missing_from_the_corpus_is_reported_with_its_field()
    {
        using var folder = new TempFolder("sql/spider/32k");
        folder.Write("corpus.jsonl", """{"pid": "t1", "title_text": "classroom", "passage_text": "a\n1\n"}""");
        folder.Write("test_queries.jsonl", """{"qid": "a1", "query_text": "?", "answers": [[1]], "metadata": {"candidate_pids": ["t1", "t9"]}}""");

        var problems = new DatasetProblems();
        await adapter.LoadAsync(new DatasetSpec("loft", folder.Path_), problems);

        var problem = Assert.Single(problems.Items);
        Assert.Equal("metadata.candidate_pids", problem.Field);
        Assert.Equal(1, problem.Line);
        Assert.Contains("'t9'", problem.Message);
    }

    [Fact]
    public async Task A_bbh_icl_folder_reads_input_target_arrays_with_labels_as_titles()
    {
        using var folder = new TempFolder("icl/date_understanding/32k");
        File.WriteAllText(Path.Combine(folder.Path_, "corpus.json"), """[{"input": "Today is 9/7. What is tomorrow?\nOptions:\n(A) 9/8\n(B) 9/6", "target": "(A)"}, {"input": "Yesterday was 1/1. Today?\nOptions:\n(A) 1/2", "target": "(A)"}]""");
        File.WriteAllText(Path.Combine(folder.Path_, "test_queries.json"), """[{"input": "Today is 3/3. Tomorrow?\nOptions:\n(A) 3/4\n(B) 3/2", "target": "(A)"}]""");

        var set = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_));

        Assert.Equal(TaskKind.Icl, set.Kind);
        Assert.Equal(2, set.Corpus.Count);
        Assert.Equal("(A)", set.Corpus[0].Title);
        Assert.StartsWith("Today is 9/7.", set.Corpus[0].Text);
        Assert.Equal(["(A)"], Assert.Single(set.Queries).Answers);
    }

    [Fact]
    public async Task A_bbh_record_without_target_is_reported_by_index_and_field()
    {
        using var folder = new TempFolder("icl/bbh/32k");
        File.WriteAllText(Path.Combine(folder.Path_, "corpus.json"), """[{"input": "x", "target": "y"}, {"input": "z"}]""");
        File.WriteAllText(Path.Combine(folder.Path_, "test_queries.json"), """[{"input": "q", "target": "y"}]""");

        var problems = new DatasetProblems();
        await adapter.LoadAsync(new DatasetSpec("loft", folder.Path_), problems);

        Assert.Equal("[1].target", Assert.Single(problems.Items).Field);
    }

    [Fact]
    public async Task Loft_icl_jsonl_answers_wrapped_in_lists_become_labels()
    {
        using var folder = new TempFolder("icl/date/32k");
        folder.Write("corpus.jsonl", """{"pid": "0", "title_text": "(D)", "passage_text": "example"}""");
        folder.Write("test_queries.jsonl", """{"qid": "0", "query_text": "Jane booked a flight...", "answers": [["(D)"]]}""");

        var set = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_));

        Assert.Equal(["(D)"], Assert.Single(set.Queries).Answers);
    }

    [Fact]
    public async Task A_multi_turn_record_becomes_one_query_per_turn_carrying_the_earlier_questions()
    {
        using var folder = new TempFolder("sql/sparc/32k");
        folder.Write("corpus.jsonl", """{"pid": "t1", "title_text": "singer", "passage_text": "name,age\nJoe,52\n"}""");
        folder.Write("test_queries.jsonl", """{"qid": "m1", "query_text": ["List all singers.", "Only those over 50?"], "answers": [[["Joe"]], [["Joe"]]]}""");

        var set = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_));

        Assert.Equal(["m1#0", "m1#1"], set.Queries.Select(q => q.Id));
        Assert.Equal("List all singers.", set.Queries[0].Text);
        Assert.Contains("List all singers.", set.Queries[1].Text);
        Assert.EndsWith("Only those over 50?", set.Queries[1].Text);
    }

    [Fact]
    public async Task A_multi_turn_record_needs_one_answer_list_per_turn()
    {
        using var folder = new TempFolder("sql/sparc/32k");
        folder.Write("corpus.jsonl", """{"pid": "t1", "title_text": "singer", "passage_text": "name\nJoe\n"}""");
        folder.Write("test_queries.jsonl", """{"qid": "m1", "query_text": ["a?", "b?"], "answers": [[["Joe"]]]}""");

        var ex = await Assert.ThrowsAsync<DatasetFormatException>(() => adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_)));

        Assert.Equal("answers", ex.Field);
        Assert.Contains("2 turns, 1 answer lists", ex.Message);
    }

    [Fact]
    public async Task Rerank_qrels_keep_their_grades_and_a_length_folder_names_the_set()
    {
        using var folder = new TempFolder("rerank/msmarco/128k");
        folder.Write("corpus.jsonl", """{"pid": "p1", "passage_text": "a"}""", """{"pid": "p2", "passage_text": "b"}""", """{"pid": "p3", "passage_text": "c"}""");
        folder.Write("test_queries.jsonl", """{"qid": "r1", "query_text": "q", "answers": [["p2", 3], ["p1", 1], ["p3", 0]]}""");

        var set = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_));

        var query = Assert.Single(set.Queries);
        Assert.Equal("msmarco/128k", set.Name);
        Assert.Equal(3, query.GainOf("p2"));
        Assert.Equal(1, query.GainOf("p1"));
        Assert.Equal(0, query.GainOf("p3"));
    }

    [Fact]
    public async Task Writing_and_reading_back_keeps_grades_rows_and_sql()
    {
        using var folder = new TempFolder("sql/own/8k");
        var corpus = new List<Document> { new("t1", "t1", "a\n1\n") };
        var query = new Query("q1", "How many?", [], ["t1"]) { Rows = [["1"], ["x, y"]], GoldSql = "SELECT a FROM t1", CandidateIds = ["t1"] };
        await LoftFolderWriter.WriteAsync(folder.Path_, TaskKind.Sql, corpus, new Dictionary<string, IReadOnlyList<Query>> { ["test"] = [query] });

        var set = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_));

        var read = Assert.Single(set.Queries);
        Assert.Equal(query.Rows, read.Rows);
        Assert.Equal(query.GoldSql, read.GoldSql);
        Assert.Equal(query.CandidateIds, read.CandidateIds);
        Assert.Equal(query.GoldDocIds, read.GoldDocIds);
        Assert.Equal(query.Answers, read.Answers);
        Assert.Equal(corpus, set.Corpus);
        Assert.Equal(TaskSetHasher.Hash(TaskKind.Sql, corpus, [query], []), set.ContentHash);
    }
}
