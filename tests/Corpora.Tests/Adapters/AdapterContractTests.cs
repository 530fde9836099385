using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Adapters;

/// <summary>The adapter contract at its boundary: whatever escapes an adapter becomes a problem naming the adapter and the path.</summary>
public sealed class AdapterContractTests
{
    /// <summary>An adapter whose CSV library throws its own exception, as a third-party parser would.</summary>
    private sealed class ThrowingAdapter : IDatasetAdapter
    {
        public string Name => "csv-thirdparty";

        public Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
            => throw new FormatException("Malformed line 7: unterminated quote");
    }

    [Fact]
    public async Task An_exception_other_than_a_format_problem_is_wrapped_with_the_adapter_and_the_path()
    {
        var spec = new DatasetSpec("csv-thirdparty", "/data/questions.csv");

        var thrown = await Assert.ThrowsAsync<DatasetFormatException>(() => new ThrowingAdapter().LoadOrThrowAsync(spec));
        Assert.Contains("adapter 'csv-thirdparty' failed: FormatException: Malformed line 7: unterminated quote", thrown.Message);
        Assert.Contains("/data/questions.csv", thrown.Message);

        // Validation collects it as one problem instead of stopping.
        var problems = new DatasetProblems();
        Assert.Null(await new ThrowingAdapter().LoadCheckedAsync(spec, problems));
        Assert.Contains("unterminated quote", Assert.Single(problems.Items).Message);
    }

    [Fact]
    public async Task A_folder_that_is_not_loft_suggests_naming_its_adapter()
    {
        var folder = Directory.CreateTempSubdirectory("not-loft-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "corpus.jsonl"), "{\"pid\":\"d1\",\"title_text\":\"t\",\"passage_text\":\"x\"}\n");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "test_queries.jsonl"), "{\"qid\":\"q1\",\"query_text\":\"?\",\"answers\":[\"x\"]}\n");
            var error = await Assert.ThrowsAsync<DatasetFormatException>(() => new LoftCompare.Corpora.Adapters.Loft.LoftFolderAdapter().LoadOrThrowAsync(new DatasetSpec("loft", folder.FullName)));
            Assert.Contains("--adapter for datasets validate", error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
