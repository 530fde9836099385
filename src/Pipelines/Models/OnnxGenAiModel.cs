using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace LoftCompare.Pipelines.Models;

/// <summary>
/// Opens an ONNX Runtime GenAI model folder as an <see cref="IChatClient"/> (the library's own
/// <c>OnnxRuntimeGenAIChatClient</c>), on the CPU or the CUDA execution provider, with the model's chat template.
/// A missing or unreadable folder fails here, naming the folder, before any example runs.
/// </summary>
public static class OnnxGenAiModel
{
    public const string ConfigFile = "genai_config.json";

    public static IChatClient Open(LocalModelSettings settings)
    {
        var folder = System.IO.Path.GetFullPath(settings.Path);
        if (!Directory.Exists(folder))
        {
            throw new LocalModelException($"ONNX GenAI model folder '{folder}' does not exist.");
        }

        if (!File.Exists(System.IO.Path.Combine(folder, ConfigFile)))
        {
            throw new LocalModelException($"'{folder}' is not an ONNX GenAI model folder: it has no {ConfigFile}.");
        }

        if (!settings.ChatTemplate.Contains("{prompt}", StringComparison.Ordinal))
        {
            throw new LocalModelException($"The chat template for '{folder}' has no {{prompt}} placeholder.");
        }

        var options = new OnnxRuntimeGenAIChatClientOptions
        {
            StopSequences = [.. settings.Stop],
            PromptFormatter = (messages, _) => settings.ChatTemplate.Replace("{prompt}", string.Join("\n", messages.Where(m => m.Role == ChatRole.User).Select(m => m.Text)), StringComparison.Ordinal),
        };
        Config? config = null;
        try
        {
            config = new Config(folder);
            if (settings.Device.Equals("cuda", StringComparison.OrdinalIgnoreCase))
            {
                config.ClearProviders();
                config.AppendProvider("cuda");
            }

            return new OnnxRuntimeGenAIChatClient(config, ownsConfig: true, options);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            config?.Dispose();
            throw new LocalModelException($"ONNX Runtime GenAI could not load '{folder}' on {settings.Device}: {ex.Message}", ex);
        }
    }
}

/// <summary>A local model folder could not be opened.</summary>
public sealed class LocalModelException(string message, Exception? inner = null) : Exception(message, inner);
