namespace LoftCompare.Pipelines.Models;

/// <summary>An in-process generative model: an ONNX Runtime GenAI model folder (<c>genai_config.json</c>, the ONNX graph, tokenizer files).</summary>
public sealed record LocalModelSettings
{
    /// <summary>The model folder, e.g. one exported by <c>onnxruntime_genai.models.builder</c> or downloaded ready-made.</summary>
    public required string Path { get; init; }

    /// <summary><c>cpu</c> (default) or <c>cuda</c> (needs the CUDA build: <c>-p:OnnxRuntimeFlavor=Gpu</c>).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The model's chat template with <c>{prompt}</c> where the user's prompt goes, e.g. Phi-3's <c>&lt;|user|&gt;\n{prompt}&lt;|end|&gt;\n&lt;|assistant|&gt;\n</c>.</summary>
    public string ChatTemplate { get; init; } = "{prompt}";

    /// <summary>Strings that end generation (the template's end-of-turn marker, for instance).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    public int? ContextWindow { get; init; }

    public int MaxOutputTokens { get; init; } = 256;
}
