using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Helmet;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Adapters;

/// <summary>Small fixtures written to HELMET's published record shapes (data.py of the HELMET repository).</summary>
public sealed class HelmetAdaptersTests
{
    [Fact]
    public async Task Kilt_rag_records_keep_their_own_passages_in_order_and_mark_has_answer_as_gold()
    {
        using var folder = new TempFolder();
        var file = folder.Write("nq-dev-multikilt_1000_k3_dep3.jsonl",
            """{"question": "who wrote the federalist papers", "answers": ["Hamilton", "Madison"], "ctxs": [{"title": "Jay", "text": "John Jay was a diplomat.", "has_answer": false}, {"title": "Federalist", "text": "Hamilton, Madison and Jay wrote them.", "has_answer": true}, {"title": "Shared", "text": "A passage both records use.", "has_answer": false}]}""",
            """{"question": "capital of peru", "answers": ["Lima"], "ctxs": [{"title": "Shared", "text": "A passage both records use.", "has_answer": false}, {"title": "Peru", "text": "Lima is the capital.", "has_answer": true}]}""");

        var set = await new HelmetRagAdapter().LoadOrThrowAsync(new DatasetSpec("helmet-rag", file));

        Assert.Equal(TaskKind.Rag, set.Kind);
        Assert.Equal(4, set.Corpus.Count); // the shared passage is stored once
        var first = set.Queries[0];
        Assert.Equal(["Hamilton", "Madison"], first.Answers);
        Assert.Equal(3, first.ContextIds.Count);
        Assert.Equal([first.ContextIds[1]], first.GoldDocIds);
        Assert.Equal(first.ContextIds[2], set.Queries[1].ContextIds[0]);
        Assert.Equal("Lima is the capital.", set.ContextOf(set.Queries[1])[1].Text);
        var byId = set.Corpus.ToDictionary(d => d.Id, StringComparer.Ordinal); // built once, as the long-context pipeline does
        Assert.All(set.Queries, q => Assert.Equal(set.ContextOf(q), set.ContextOf(q, byId)));
    }

    [Fact]
    public async Task Msmarco_rerank_records_carry_graded_labels_as_relevance()
    {
        using var folder = new TempFolder();
        var file = folder.Write("test_reranking_data_k10_dep3.jsonl",
            """{"qid": "1001", "query": "what is a lobster roll", "ctxs": [{"id": "p1", "title": "", "text": "A lobster roll is a sandwich.", "label": 3}, {"id": "p2", "title": "", "text": "Lobsters live in the sea.", "label": 1}, {"id": "p3", "title": "", "text": "Rolls are bread.", "label": 0}]}""");

        var set = await new HelmetRerankAdapter().LoadOrThrowAsync(new DatasetSpec("helmet-rerank", file));

        var query = Assert.Single(set.Queries);
        Assert.Equal(("1001", TaskKind.Rerank), (query.Id, set.Kind));
        Assert.Equal(["p1", "p2"], query.GoldDocIds);
        Assert.Equal((3, 1, 0), (query.GainOf("p1"), query.GainOf("p2"), query.GainOf("p3")));
        Assert.Equal(["p1", "p2", "p3"], query.ContextIds);
    }

    [Fact]
    public async Task A_rerank_record_without_a_label_is_reported_with_its_field()
    {
        using var folder = new TempFolder();
        var file = folder.Write("bad.jsonl", """{"qid": "1", "query": "q", "ctxs": [{"id": "p1", "text": "t"}]}""");

        var problems = new DatasetProblems();
        await new HelmetRerankAdapter().LoadAsync(new DatasetSpec("helmet-rerank", file), problems);

        Assert.Equal(("ctxs[0].label", 1), (problems.Items[0].Field, problems.Items[0].Line));
        Assert.Contains("no records", problems.Items[^1].Message); // and the file as a whole has nothing left to run
    }

    [Fact]
    public async Task Alce_asqa_and_qampari_records_become_citation_queries_over_their_docs()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path_, "asqa_eval_gtr_top100.json"), """
            [{"question": "When did the Titanic sink?", "answer": "In April 1912.", "qa_pairs": [{"question": "q1", "short_answers": ["15 April 1912", "April 15, 1912"]}],
              "docs": [{"title": "Titanic", "text": "The ship sank on 15 April 1912."}, {"title": "Iceberg", "text": "It hit an iceberg."}, {"title": "Other", "text": "Unrelated."}]}]
            """);
        File.WriteAllText(Path.Combine(folder.Path_, "qampari_eval.json"), """
            {"data": [{"question": "Which rivers flow through Paris?", "answers": [["Seine", "La Seine"], ["Bièvre"]], "docs": [{"title": "Paris", "text": "The Seine flows through Paris."}]}]}
            """);

        var asqa = await new HelmetAlceAdapter().LoadOrThrowAsync(new DatasetSpec("helmet-alce", Path.Combine(folder.Path_, "asqa_eval_gtr_top100.json")) { Options = new Dictionary<string, string> { ["docs"] = "2" } });
        var qampari = await new HelmetAlceAdapter().LoadOrThrowAsync(new DatasetSpec("helmet-alce", Path.Combine(folder.Path_, "qampari_eval.json")));

        Assert.Equal(TaskKind.Citation, asqa.Kind);
        Assert.Equal(["15 April 1912", "April 15, 1912"], asqa.Queries[0].Answers);
        Assert.Equal(2, asqa.Queries[0].ContextIds.Count); // options.docs
        Assert.Equal(["Seine", "La Seine", "Bièvre"], qampari.Queries[0].Answers);
    }

    [Fact]
    public async Task Icl_demonstrations_are_label_balanced_rounds_shared_by_every_query()
    {
        using var folder = new TempFolder();
        folder.Write("train.jsonl", Enumerable.Range(0, 30).Select(i => $$"""{"text": "example {{i}}", "label": "{{(i % 3 == 0 ? "LOC" : i % 3 == 1 ? "NUM" : "HUM")}}"}""").ToArray());
        folder.Write("test.jsonl", """{"text": "Where is Lima?", "label": "LOC"}""", """{"text": "How many moons?", "label": 4}""");

        var set = await new HelmetIclAdapter().LoadOrThrowAsync(new DatasetSpec("helmet-icl", folder.Path_) { Options = new Dictionary<string, string> { ["shots"] = "7" } });

        Assert.Equal(TaskKind.Icl, set.Kind);
        Assert.Equal(7, set.Corpus.Count);
        Assert.Equal(["HUM", "LOC", "NUM"], set.Corpus.Take(3).Select(d => d.Title).Order()); // the first round holds every label once
        Assert.Equal(["HUM", "LOC", "NUM"], set.Corpus.Skip(3).Take(3).Select(d => d.Title).Order());
        Assert.Equal(["4"], set.Queries[1].Answers);
        Assert.All(set.Queries, q => Assert.Empty(q.ContextIds));
    }

    [Fact]
    public async Task Icl_takes_helmets_shot_count_for_a_dataset_and_length()
    {
        using var folder = new TempFolder("banking77");
        folder.Write("train.jsonl", Enumerable.Range(0, 77 * 3).Select(i => $$"""{"text": "request {{i}}", "label": {{i % 77}}}""").ToArray());
        folder.Write("test.jsonl", """{"text": "card arrived?", "label": 11}""");

        var set = await new HelmetIclAdapter().LoadOrThrowAsync(new DatasetSpec("helmet-icl", folder.Path_) { Options = new Dictionary<string, string> { ["length"] = "8k" } });
        var unknown = await Assert.ThrowsAsync<DatasetFormatException>(() => new HelmetIclAdapter().LoadOrThrowAsync(new DatasetSpec("helmet-icl", folder.Path_) { Options = new Dictionary<string, string> { ["length"] = "4k" } }));

        Assert.Equal(360, set.Corpus.Count); // HELMET: banking77 at 8k, 360 balanced shots (examples reused once each label runs out)
        Assert.Equal(77, set.Corpus.Take(77).Select(d => d.Title).Distinct().Count());
        Assert.Equal(360, set.Corpus.Select(d => d.Id).Distinct().Count());
        Assert.Equal("options.length", unknown.Field);
    }

    [Fact]
    public async Task Unbalanced_icl_draws_demonstrations_per_query()
    {
        using var folder = new TempFolder();
        folder.Write("train.jsonl", Enumerable.Range(0, 40).Select(i => $$"""{"text": "example {{i}}", "label": "{{i % 2}}"}""").ToArray());
        folder.Write("test.jsonl", """{"text": "first", "label": "0"}""", """{"text": "second", "label": "1"}""");

        var set = await new HelmetIclAdapter().LoadOrThrowAsync(new DatasetSpec("helmet-icl", folder.Path_) { Options = new Dictionary<string, string> { ["shots"] = "5", ["balance"] = "0" } });

        Assert.All(set.Queries, q => Assert.Equal(5, q.ContextIds.Count));
        Assert.NotEqual(set.Queries[0].ContextIds, set.Queries[1].ContextIds);
    }

    [Fact]
    public async Task Json_kv_contexts_split_into_documents_with_the_key_in_the_gold_one()
    {
        using var folder = new TempFolder();
        var pairs = Enumerable.Range(0, 20).Select(i => $"\"k{i:D2}\": \"v{i:D2}\"");
        var file = folder.Write("kv.jsonl", $$"""{"context": "JSON data:\n{{{string.Join(", ", pairs).Replace("\"", "\\\"")}}}", "question": "k17", "answer": "v17"}""");

        var set = await new HelmetJsonKvAdapter().LoadOrThrowAsync(new DatasetSpec("helmet-json-kv", file));

        var query = Assert.Single(set.Queries);
        Assert.Equal(3, query.ContextIds.Count); // 8 + 8 + 4 pairs
        Assert.Equal([query.ContextIds[2]], query.GoldDocIds);
        Assert.Contains("\"k17\":\"v17\"", set.Corpus.Single(d => d.Id == query.GoldDocIds[0]).Text);
        Assert.Equal(["v17"], query.Answers);
    }

    [Fact]
    public async Task A_json_kv_answer_that_disagrees_with_the_context_is_refused()
    {
        using var folder = new TempFolder();
        var file = folder.Write("kv.jsonl", """{"context": "{\"a\": \"1\"}", "question": "a", "answer": "2"}""");

        var ex = await Assert.ThrowsAsync<DatasetFormatException>(() => new HelmetJsonKvAdapter().LoadOrThrowAsync(new DatasetSpec("helmet-json-kv", file)));

        Assert.Equal("question", ex.Field);
    }

    [Fact]
    public void The_registry_knows_every_helmet_adapter()
        => Assert.Superset(new HashSet<string> { "helmet-rag", "helmet-rerank", "helmet-alce", "helmet-icl", "helmet-json-kv" }, DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).Names.ToHashSet());
}
