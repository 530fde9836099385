using LoftCompare.Results;
using Microsoft.Extensions.DependencyInjection;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs.Tests;

/// <summary>A scratch folder with a suite file next to copies of the shipped datasets, deleted after the test.</summary>
public sealed class TestWorkspace : IDisposable
{
    public TestWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string DbPath => Path.Combine(Root, "results.db");

    public string DataDirectory => Path.Combine(Root, "data");

    public string ReportFolder => Path.Combine(Root, "reports");

    /// <summary>The shipped datasets as copied beside the test assembly.</summary>
    public static string ShippedDataset(string family) => Path.Combine(AppContext.BaseDirectory, "datasets", family, "sotu", "32k");

    public string WriteSuite(string json)
    {
        var path = Path.Combine(Root, "suite.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>A RAG dataset folder whose corpus has a malformed second line.</summary>
    public string WriteBrokenDataset()
    {
        var folder = Path.Combine(Root, "rag", "broken", "32k");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "corpus.jsonl"), ["""{"pid": "d1", "title_text": "", "passage_text": "ok"}""", """{"pid": "d2", "title_text": ""}"""]);
        File.WriteAllLines(Path.Combine(folder, "test_queries.jsonl"), ["""{"qid": "q1", "query_text": "q", "answers": ["a"]}"""]);
        return folder;
    }

    /// <summary>Options over this workspace's data dir and reports folder.</summary>
    public LoftCompareOptions Options => new() { DataDir = DataDirectory, Out = ReportFolder };

    /// <summary>The run launcher as the composition root builds it, over this workspace's data dir and reports folder (or <paramref name="reports"/>).</summary>
    public RunLauncher Launcher(IResultStore store, string? reports = null)
        => new ServiceCollection()
            .AddLoftCompare(store, new LoftCompareOptions { DataDir = DataDirectory, Out = reports ?? ReportFolder })
            .BuildServiceProvider()
            .GetRequiredService<RunLauncher>();

    public static string Json(string path) => path.Replace("\\", "\\\\");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
