using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Models;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Running;
using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Pipelines.Tests.Models;

/// <summary>
/// The ONNX Runtime GenAI backend. The native library loads and is exercised here (errors from a real config parse);
/// generating text needs a model folder, which no package serves on these machines, so that test runs only where
/// LOFTCOMPARE_GENAI_MODEL names one.
/// </summary>
public sealed class OnnxGenAiModelTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "loftcompare-genai-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_missing_folder_or_one_without_genai_config_is_refused_by_name()
    {
        var missing = Assert.Throws<LocalModelException>(() => OnnxGenAiModel.Open(new LocalModelSettings { Path = folder }));
        Assert.Contains(folder, missing.Message);
        Assert.Contains("does not exist", missing.Message);

        Directory.CreateDirectory(folder);
        var empty = Assert.Throws<LocalModelException>(() => OnnxGenAiModel.Open(new LocalModelSettings { Path = folder }));
        Assert.Contains("no genai_config.json", empty.Message);
    }

    [Fact]
    public void A_config_the_native_library_cannot_read_is_reported_with_the_folder()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, OnnxGenAiModel.ConfigFile), "{ \"model\": { \"type\": \"not-a-model\" } }");

        var ex = Assert.Throws<LocalModelException>(() => OnnxGenAiModel.Open(new LocalModelSettings { Path = folder }));

        Assert.Contains($"could not load '{folder}' on cpu", ex.Message);
        Assert.NotNull(ex.InnerException); // the native library's own message is kept
    }

    [Fact]
    public void A_template_without_a_prompt_placeholder_is_refused()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, OnnxGenAiModel.ConfigFile), "{}");

        Assert.Contains("{prompt}", Assert.Throws<LocalModelException>(() => OnnxGenAiModel.Open(new LocalModelSettings { Path = folder, ChatTemplate = "<|user|>" })).Message);
    }

    [GenAiModelFact]
    public async Task A_real_model_folder_answers_a_rag_prompt_streaming()
    {
        var settings = new LocalModelSettings { Path = Environment.GetEnvironmentVariable(GenAiModelFactAttribute.Variable)!, ChatTemplate = Environment.GetEnvironmentVariable("LOFTCOMPARE_GENAI_TEMPLATE") ?? "{prompt}", MaxOutputTokens = 32 };
        using var model = OnnxGenAiModel.Open(settings);
        var call = new ModelCall(model, new TiktokenCounter(), settings.MaxOutputTokens);
        var set = TaskSet.Create("t", TaskKind.Rag, [new Document("d1", "Capital", "The capital of Peru is Lima.")], [new Query("q", "What is the capital of Peru?", ["Lima"], ["d1"])], [], "memory");

        var reply = await call.SendAsync(TaskKind.Rag, new LoftPromptFormat(LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Build(set, set.Corpus, set.Queries[0]).Text, CancellationToken.None);

        Assert.False(string.IsNullOrWhiteSpace(reply.Output));
        Assert.NotNull(reply.TtftMs);
        Assert.InRange(reply.OutputTokens, 1, 64);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>Runs only where LOFTCOMPARE_GENAI_MODEL names an ONNX Runtime GenAI model folder; skipped with the reason otherwise.</summary>
public sealed class GenAiModelFactAttribute : FactAttribute
{
    public const string Variable = "LOFTCOMPARE_GENAI_MODEL";

    public GenAiModelFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"needs an ONNX Runtime GenAI model folder (no generative weights are served here): set {Variable} (and LOFTCOMPARE_GENAI_TEMPLATE for its chat template) to run";
        }
    }
}
