using System.Diagnostics;

namespace LoftCompare.Pipelines.Tests.Embeddings;

/// <summary>
/// A real small disk that fills up: a 4 MiB ext4 image mounted on a loop device (root only; the test is skipped with
/// the reason where mounting is not allowed), filled on request, unmounted and removed after.
/// </summary>
public sealed class FullDisk : IDisposable
{
    private readonly string image;

    private FullDisk(string image, string path) => (this.image, Path) = (image, path);

    public string Path { get; }

    /// <summary>Mounts a fresh disk, or skips the test saying why it cannot.</summary>
    public static FullDisk Mount()
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"loftcompare-disk-{Guid.NewGuid():N}");
        var (image, path) = (root + ".img", root);
        Directory.CreateDirectory(path);
        using (var file = File.Create(image))
        {
            file.SetLength(4 << 20);
        }

        foreach (var (command, arguments) in new[] { ("mkfs.ext4", $"-q -F {image}"), ("mount", $"-o loop {image} {path}") })
        {
            var (code, output) = Run(command, arguments);
            if (code != 0)
            {
                File.Delete(image);
                Directory.Delete(path);
                Skip.If(true, $"a small disk cannot be made here ({command}: {output.Trim()}); it needs root and loop devices");
            }
        }

        return new FullDisk(image, path);
    }

    /// <summary>Takes the disk's last free byte.</summary>
    public void Fill()
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full
        }
    }

    public void Dispose()
    {
        Run("umount", Path);
        File.Delete(image);
        Directory.Delete(Path, recursive: true);
    }

    private static (int Code, string Output) Run(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
