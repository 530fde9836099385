using LoftCompare.Runs.Suites;

namespace LoftCompare.Runs.Backends;

/// <summary>
/// A kind of model a suite can name: an OpenAI-compatible endpoint, an ONNX Runtime GenAI folder, the embedded
/// extractive reader — or a plug-in's own (register it with <c>services.AddSingleton&lt;IModelBackend, MyBackend&gt;()</c>).
/// </summary>
public interface IModelBackend
{
    /// <summary>Whether this backend serves <paramref name="modelId"/> as the suite configures it.</summary>
    bool Serves(string modelId, Suite suite);

    /// <summary>The <c>endpoints.*.kind</c> values this backend serves, so a suite naming another is refused when it is loaded.</summary>
    IReadOnlyList<string> EndpointKinds => [];

    /// <summary>Opens the model; errors in the suite's settings are <see cref="SuiteException"/>s naming the field.</summary>
    OpenedModel Open(string modelId, ModelBackendContext context);
}
