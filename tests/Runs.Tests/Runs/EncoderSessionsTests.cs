using LoftCompare.Runs.Suites;
using LoftCompare.Runs.Execution;

namespace LoftCompare.Runs.Tests.Runs;

/// <summary>Runs in one process share one encoder session per model and settings, so side-by-side runs do not multiply threads.</summary>
public sealed class EncoderSessionsTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    private async Task<RunEnvironment> EnvironmentAsync(string embedding, EncoderSessions sessions)
    {
        var path = workspace.WriteSuite($$"""{ "name": "s", "embedding": {{embedding}}, "tasks": [ { "name": "t", "path": "x" } ] }""");
        var (suite, _) = await SuiteLoader.LoadAsync(path, TestCatalog.Vocabulary);
        return RunEnvironment.Create(suite, path, workspace.DataDirectory, TestCatalog.BuiltIn, sessions: sessions);
    }

    [Fact]
    public async Task Two_runs_of_the_same_model_share_one_session_and_other_settings_get_their_own()
    {
        using var sessions = new EncoderSessions();

        using (await EnvironmentAsync("""{ "model": "all-MiniLM-L6-v2" }""", sessions))
        using (await EnvironmentAsync("""{ "model": "all-MiniLM-L6-v2" }""", sessions))
        {
            Assert.Equal(1, sessions.Count); // retriever and reader on MiniLM, in both runs
        }

        Assert.Equal(1, sessions.Count); // the process keeps it after the runs end
        using (await EnvironmentAsync("""{ "model": "snowflake-arctic-embed-xs" }""", sessions))
        {
            Assert.Equal(2, sessions.Count); // arctic for the retriever; the reader still reads with the shared MiniLM
        }

        using (await EnvironmentAsync("""{ "model": "all-MiniLM-L6-v2", "threads": 1 }""", sessions))
        {
            Assert.Equal(3, sessions.Count);
        }
    }

    public void Dispose() => workspace.Dispose();
}
