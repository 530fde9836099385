using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Shipped;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Shipped;

/// <summary>Checks the committed datasets/{retrieval,rag}/sotu/32k folders, as the default run reads them.</summary>
public sealed class ShippedSotuSetTests
{
    private static string Folder(string family) => Path.Combine(AppContext.BaseDirectory, "datasets", family, "sotu", "32k");

    [Fact]
    public async Task Both_families_load_with_the_same_corpus_and_queries()
    {
        var adapter = new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn);
        var rag = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", Folder("rag")));
        var retrieval = await adapter.LoadOrThrowAsync(new DatasetSpec("loft", Folder("retrieval")));

        Assert.Equal(TaskKind.Rag, rag.Kind);
        Assert.Equal(TaskKind.Retrieval, retrieval.Kind);
        Assert.Equal(rag.Corpus, retrieval.Corpus);
        Assert.Equal(40, rag.Queries.Count);
        Assert.Equal(3, rag.FewShot.Count);
        Assert.Equal(rag.Queries.Select(q => (q.Id, q.Text, q.GoldDocIds[0])), retrieval.Queries.Select(q => (q.Id, q.Text, q.GoldDocIds[0])));
    }

    [Fact]
    public async Task Every_answer_is_in_its_gold_passage_and_not_in_its_query()
    {
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Folder("rag")));
        var byId = set.Corpus.ToDictionary(d => d.Id);

        foreach (var query in set.Queries.Concat(set.FewShot))
        {
            var gold = byId[Assert.Single(query.GoldDocIds)];
            var answer = Assert.Single(query.Answers);
            Assert.Contains(answer, gold.Text);
            Assert.DoesNotContain(answer, query.Text.Replace(ClozeMaker.Blank, string.Empty), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(ClozeMaker.Blank, query.Text);
        }
    }
}
