using LoftCompare.Corpora.Tasks;
using LoftCompare.Runs.Suites;
using LoftCompare.Runs.Execution;

namespace LoftCompare.Runs.Tests.Suites;

public sealed class SuiteLoaderTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task Reads_a_suite_with_comments_and_resolves_paths_against_the_suite_folder()
    {
        var path = workspace.WriteSuite("""
            {
              // a comment
              "name": "s",
              "retrieval": { "topK": 3 },
              "tasks": [ { "name": "t", "path": "data/rag/x/32k", "kind": "rag", "maxQueries": 2 } ]
            }
            """);

        var (suite, _) = await SuiteLoader.LoadAsync(path, TestCatalog.Vocabulary);
        var spec = SuiteLoader.SpecFor(suite.Tasks[0], path, TestCatalog.BuiltIn.Kinds);

        Assert.Equal(3, suite.Retrieval.TopK);
        Assert.Equal("extractive-minilm", suite.Models.LongContext);
        Assert.Equal(Path.Combine(workspace.Root, "data", "rag", "x", "32k"), spec.Path);
        Assert.Equal((TaskKind.Rag, 2, "test"), (spec.Kind!, spec.MaxQueries!.Value, spec.Split));
    }

    [Theory]
    [InlineData("""{ "name": "s", "tasks": [] }""", "field 'tasks' must list at least one task")]
    [InlineData("""{ "name": "s", "tasks": [ { "name": "t", "path": "p", "kind": "sql-ish" } ] }""", "unknown kind 'sql-ish'")]
    [InlineData("""{ "name": "s", "taks": [] }""", "is not valid at '$.taks': unknown field 'taks'; did you mean 'tasks'?")]
    [InlineData("""{ "name": "s", "tasks": [ { "name": "t", "path": "p", "promptFromat": "loft" } ] }""", "unknown field 'promptFromat'; did you mean 'promptFormat'? (allowed here: adapter, kind, maxQueries, name, options, path, promptFormat, split)")]
    [InlineData("""{ "name": "s", "retrieval": { "topk": 3, "zzzz": 1 }, "tasks": [ { "name": "t", "path": "p" } ] }""", "unknown field 'zzzz' (allowed here:")]
    [InlineData("""{ "name": "s", "tasks": [ { "name": "t", "path": "p" }, { "name": "t", "path": "q" } ] }""", "task name 't' appears twice")]
    [InlineData("""{ "name": "s", "retrieval": { "topK": 0 }, "tasks": [ { "name": "t", "path": "p" } ] }""", "'retrieval.topK' must be at least 1")]
    [InlineData("""{ "name": "s", "prices": { "m": { "perHour": 0.1 } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "'prices.m.perHour' charges measured time")]
    [InlineData("""{ "name": "s", "prices": { "m": { "serving": { "card": "gpt-9", "gpu": "h100" } } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "'prices.m.serving': no model card 'gpt-9'")]
    [InlineData("""{ "name": "s", "prices": { "m": { "serving": { "card": "llama-3.1-8b", "gpu": "tpu" } } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "no GPU card 'tpu'")]
    [InlineData("""{ "name": "s", "prices": { "m": { "inputPerMillion": -1 } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "'prices.m' has a negative or non-finite price")]
    [InlineData("""{ "name": "s", "endpoints": { "e": { "baseUrl": "http://127.0.0.1:1/v1", "model": "m", "timeoutSeconds": 0 } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "'endpoints.e.timeoutSeconds' is 0; it must be a number of seconds above 0")]
    [InlineData("""{ "name": "s", "endpoints": { "e": { "baseUrl": "http://127.0.0.1:1/v1", "model": "m", "streamIdleSeconds": -1 } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "'endpoints.e.streamIdleSeconds' is -1")]
    [InlineData("""{ "name": "s", "endpoints": { "e": { "baseUrl": "http://127.0.0.1:1/v1", "model": "m", "callTimeoutSeconds": 10, "timeoutSeconds": 60 } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "'endpoints.e.callTimeoutSeconds' (10) is shorter than its 'timeoutSeconds' (60)")]
    [InlineData("""{ "name": "s", "endpoints": { "e": { "baseUrl": "http://127.0.0.1:1/v1", "model": "m", "maxOutputTokens": -5 } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "'maxOutputTokens', 'contextWindow' and 'maxReplyCharacters' must be at least 1")]
    [InlineData("""{ "name": "s", "endpoints": { "e": { "baseUrl": "http://127.0.0.1:1/v1", "model": "m", "contextWindow": -1 } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "'maxOutputTokens', 'contextWindow' and 'maxReplyCharacters' must be at least 1")]
    [InlineData("""{ "name": "s", "endpoints": { "e": { "baseUrl": "http://127.0.0.1:1/v1", "model": "m", "contextWindow": 100, "maxOutputTokens": 256 } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "'endpoints.e.contextWindow' (100) leaves no room for a prompt")]
    [InlineData("""{ "name": "s", "endpoints": { "e": { "baseUrl": "http://127.0.0.1:1/v1", "model": " " } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "needs a non-empty id, 'model' and 'baseUrl'")]
    [InlineData("""{ "name": "s", "endpoints": { "e": { "baseUrl": "http://user:hunter2@gpu-host:8000/v1", "model": "m" } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "field 'endpoints.e.baseUrl' carries a credential (user info before '@')")]
    [InlineData("""{ "name": "s", "endpoints": { "e": { "baseUrl": "https://gpu-host/v1?api-key=sk-123", "model": "m" } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "carries a credential (the query parameter 'api-key'); it would be stored with every run")]
    [InlineData("""{ "name": "s", "longContextOverflow": "skipp", "tasks": [ { "name": "t", "path": "p" } ] }""", "field 'longContextOverflow' is 'skipp'; expected one of truncate, skip")]
    [InlineData("""{ "name": "s", "tasks": [ { "name": "t", "path": "p", "adapter": "lofty" } ] }""", "field 'tasks[t].adapter' is 'lofty'; expected one of beir, csv, helmet-alce, helmet-icl, helmet-json-kv, helmet-rag, helmet-rerank, jsonl, loft, squad")]
    [InlineData("""{ "name": "s", "endpoints": { "e": { "kind": "opnai", "baseUrl": "http://127.0.0.1:1/v1", "model": "m" } }, "tasks": [ { "name": "t", "path": "p" } ] }""", "field 'endpoints.e.kind' is 'opnai'; expected one of openai, azure-openai")]
    [InlineData("""{ "name": "s", "pipelines": ["rag", "longcontext"], "tasks": [ { "name": "t", "path": "p" } ] }""", "field 'pipelines' is 'longcontext'; expected one of rag, long-context, self-route")]
    [InlineData("""{ "name": "s", "retrieval": { "method": "bm-25" }, "tasks": [ { "name": "t", "path": "p" } ] }""", "field 'retrieval.method' is 'bm-25'; expected one of dense, bm25, hybrid")]
    [InlineData("""{ "name": "s", "promptFormat": "helmut", "tasks": [ { "name": "t", "path": "p" } ] }""", "field 'tasks[t].promptFormat' is 'helmut'; expected one of loft, helmet, ruler")]
    public async Task Rejects_bad_suites_naming_the_file_and_field(string json, string problem)
    {
        var path = workspace.WriteSuite(json);

        var error = await Assert.ThrowsAsync<SuiteException>(() => SuiteLoader.LoadAsync(path, TestCatalog.Vocabulary));

        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Asking_for_cuda_on_the_cpu_build_is_a_clear_error_not_a_silent_cpu_run()
    {
        var error = Assert.Throws<SuiteException>(() => LoftCompare.Runs.Execution.RetrievalFactory.SessionOptionsFor(new EmbeddingSettings { Device = "cuda" }));

        Assert.Contains("'embedding.device' is 'cuda' but this build of ONNX Runtime has no usable CUDA provider", error.Message);
    }

    public void Dispose() => workspace.Dispose();
}
