using System.Text.Json;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Worker.Suites;

/// <summary>Reads and checks a suite file; every problem is reported with the file and the field.</summary>
public static class SuiteLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<(Suite Suite, string Json)> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new SuiteException($"Suite file '{path}' does not exist.");
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken);
        Suite? suite;
        try
        {
            suite = JsonSerializer.Deserialize<Suite>(text, Json);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $":{line + 1}" : string.Empty;
            var field = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" at '{ex.Path}'";
            throw new SuiteException($"Suite file '{path}{where}' is not valid{field}: {ex.Message}", ex);
        }

        if (suite is null || suite.Tasks is null || suite.Tasks.Count == 0)
        {
            throw new SuiteException($"Suite file '{path}': field 'tasks' must list at least one task.");
        }

        var duplicate = suite.Tasks.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SuiteException($"Suite file '{path}': task name '{duplicate.Key}' appears twice in 'tasks'.");
        }

        foreach (var task in suite.Tasks)
        {
            if (task.Kind is not null && !TaskKinds.TryParse(task.Kind, out _))
            {
                throw new SuiteException($"Suite file '{path}': task '{task.Name}' has unknown kind '{task.Kind}' (known: retrieval, rag).");
            }
        }

        if (suite.Retrieval.TopK < 1)
        {
            throw new SuiteException($"Suite file '{path}': field 'retrieval.topK' must be at least 1.");
        }

        return (suite, text);
    }

    /// <summary>The adapter request for a task, with its path resolved against the suite file's folder.</summary>
    public static DatasetSpec SpecFor(SuiteTask task, string suitePath)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(suitePath))!;
        TaskKind? kind = TaskKinds.TryParse(task.Kind, out var parsed) ? parsed : null;
        return new DatasetSpec(task.Adapter, System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, task.Path)), task.Split, kind, task.MaxQueries);
    }
}
