namespace LoftCompare.Corpora.Tests.Adapters;

/// <summary>A scratch folder deleted after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string layout = "")
    {
        Root = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));
        Path_ = Path.Combine(Root, layout);
        Directory.CreateDirectory(Path_);
    }

    public string Root { get; }

    /// <summary>The dataset folder inside the root (the root itself when no layout was given).</summary>
    public string Path_ { get; }

    public string Write(string name, params string[] lines)
    {
        var file = Path.Combine(Path_, name);
        File.WriteAllLines(file, lines);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder is harmless
        }
    }
}
