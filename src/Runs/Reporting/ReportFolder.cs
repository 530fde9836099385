namespace LoftCompare.Runs.Reporting;

/// <summary>The reports folder, checked before a run starts: a run of an hour must not end unable to write its report.</summary>
public static class ReportFolder
{
    /// <exception cref="IOException">The folder cannot be created or written, naming it.</exception>
    public static void EnsureWritable(string folder)
    {
        var full = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Reports folder '{full}' (--out) is not writable: {ex.Message}", ex);
        }
    }
}
