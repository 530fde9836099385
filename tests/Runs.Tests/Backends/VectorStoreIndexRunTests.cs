using LoftCompare.Results;
using LoftCompare.Pipelines.Indexing;
using LoftCompare.Pipelines.Indexing.VectorData;
using LoftCompare.Runs.Suites;
using LoftCompare.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Tests.Backends;

/// <summary>A suite names a VectorData store a plug-in registered as its RAG index, and the run retrieves through it.</summary>
public sealed class VectorStoreIndexRunTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task A_registered_vector_store_is_the_rag_index_of_a_suite_that_names_it_and_gives_the_same_rankings()
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var launcher = new ServiceCollection()
            .AddSingleton(new NamedVectorStore("team-store", new IndexVectorStore(new EmbeddedVectorIndex())))
            .AddLoftCompare(store, workspace.Options)
            .BuildServiceProvider()
            .GetRequiredService<RunLauncher>();
        string Suite(string index) => workspace.WriteSuite($$"""
            { "name": "vd-{{index}}", "pipelines": ["rag"], "retrieval": { "index": "{{index}}" },
              "tasks": [ { "name": "retrieval", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("retrieval"))}}", "maxQueries": 5 } ] }
            """);

        var throughStore = await launcher.RunAsync(new RunLaunch { SuitePath = Suite("team-store") });
        var direct = await launcher.RunAsync(new RunLaunch { SuitePath = Suite("embedded") });

        Assert.Equal((RunStatus.Succeeded, RunStatus.Succeeded), (throughStore.Summary.Status, direct.Summary.Status));
        var expected = (await store.GetResultsAsync(direct.Summary.RunId)).ToDictionary(r => r.QueryId, r => r.RetrievedIds);
        Assert.All(await store.GetResultsAsync(throughStore.Summary.RunId), r => Assert.Equal(expected[r.QueryId], r.RetrievedIds));
        Assert.Contains("'team-store' VectorData store", string.Join(" ", (await store.GetRunAsync(throughStore.Summary.RunId))!.Models.Values));

        // Without the plug-in the name is unknown, and the suite is refused naming the field.
        var error = await Assert.ThrowsAsync<SuiteException>(() => SuiteLoader.LoadAsync(Suite("team-store"), TestCatalog.Vocabulary));
        Assert.Contains("field 'retrieval.index' is 'team-store'", error.Message);
    }

    public void Dispose() => workspace.Dispose();
}
