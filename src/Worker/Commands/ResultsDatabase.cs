using LoftCompare.Eval.Results;

namespace LoftCompare.Worker.Commands;

/// <summary>Opening the results database for commands that only make sense once a run has written it.</summary>
public static class ResultsDatabase
{
    public static async Task<SqliteResultStore> OpenExistingAsync(string path, CancellationToken cancellationToken)
        => File.Exists(path) || Directory.Exists(path) // a directory is refused by OpenAsync, naming it as one
            ? await SqliteResultStore.OpenAsync(path, cancellationToken)
            : throw new FileNotFoundException($"Results database '{path}' does not exist; run 'loftcompare run' first.", path);
}
