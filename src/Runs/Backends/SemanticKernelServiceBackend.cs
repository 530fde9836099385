using LoftCompare.Pipelines.Running;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace LoftCompare.Runs.Backends;

/// <summary>
/// Any Semantic Kernel chat service a plug-in registers, keyed by the model id suites name it by
/// (<c>services.AddKeyedSingleton&lt;IChatCompletionService&gt;("my-model", …)</c> before <c>AddLoftCompare</c>): a team's
/// own connector, with its own auth and routing, compared like any other model.
/// </summary>
public sealed class SemanticKernelServiceBackend(IServiceProvider services) : IModelBackend
{
    public bool Serves(string modelId, Suite suite) => services.GetKeyedService<IChatCompletionService>(modelId) is not null;

    public OpenedModel Open(string modelId, ModelBackendContext context)
    {
        var service = services.GetRequiredKeyedService<IChatCompletionService>(modelId);
        IChatClient client = new FinishReasonFromMetadata(service.AsChatClient());

        // A plug-in's service may not report a finish reason; its answer is taken as complete.
        var call = new ModelCall(client, context.Tokens);
        return new OpenedModel(call, $"Semantic Kernel chat service '{modelId}' ({service.GetType().Name}, registered by a plug-in)", null);
    }
}
