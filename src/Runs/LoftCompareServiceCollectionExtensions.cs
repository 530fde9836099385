using LoftCompare.Corpora.Adapters;
using LoftCompare.Eval.Metrics;
using LoftCompare.Results;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Runs.Backends;
using LoftCompare.Runs.Retrievers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LoftCompare.Runs.Execution;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Runs;

/// <summary>The one composition root: everything a run needs, registered the same way for <c>run</c>, the worker and tests.</summary>
public static class LoftCompareServiceCollectionExtensions
{
    /// <summary>
    /// Registers the catalog every command names things from (<see cref="LoftCompareCatalog"/>): the task kinds and their
    /// metrics (the built-in ones plus every plug-in kind's, <see cref="TaskKindPluginExtensions.AddTaskKind"/>), the
    /// dataset adapters (the built-in ones plus every <see cref="IDatasetAdapter"/> a plug-in registered), the model
    /// backends (<see cref="IModelBackend"/>: a plug-in's registered first is asked first), retrieval methods and prompt
    /// formats (a plug-in may register its own registries first: existing registrations are kept) and VectorData stores.
    /// This is the only place the built-in catalogs are read: commands that need no results store (<c>score</c>,
    /// <c>datasets</c>) use this alone.
    /// </summary>
    public static IServiceCollection AddLoftCompareCatalog(this IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        // Task kinds: the built-in profiles and metrics, plus any a plug-in added with AddTaskKind.
        services.TryAddSingleton(TaskKindPluginExtensions.Kinds);
        services.TryAddSingleton(TaskKindPluginExtensions.Metrics);
        // Dataset adapters: the built-in ones and any IDatasetAdapter a plug-in registered (a name used twice is refused).
        services.TryAddSingleton(provider => new DatasetAdapterRegistry(
            [.. DatasetAdapterRegistry.BuiltIn(provider.GetRequiredService<TaskKindProfiles>().Kinds).Adapters, .. provider.GetServices<IDatasetAdapter>()]));

        // Model backends: a plug-in's IModelBackend registered before this call is asked first; the built-in ones follow,
        // then any Semantic Kernel chat service a plug-in registered, keyed by model id. Registered once, however many
        // times the catalog is added.
        if (!services.Any(d => d.ServiceType == typeof(ModelBackendRegistry)))
        {
            foreach (var backend in ModelBackendRegistry.BuiltIn)
            {
                services.AddSingleton(backend);
            }

            services.AddSingleton<IModelBackend>(provider => new SemanticKernelServiceBackend(provider));
            services.AddSingleton(provider => new ModelBackendRegistry(provider.GetServices<IModelBackend>()));
        }

        // Retrieval methods and prompt formats: a plug-in registers its own on these (or its own registry before this call).
        services.TryAddSingleton(RetrieverRegistry.BuiltIn());
        services.TryAddSingleton(PromptFormatRegistry.BuiltIn());
        services.TryAddSingleton(provider => new LoftCompareCatalog
        {
            Kinds = provider.GetRequiredService<TaskKindProfiles>(),
            Metrics = provider.GetRequiredService<MetricRegistry>(),
            DatasetAdapters = provider.GetRequiredService<DatasetAdapterRegistry>(),
            ModelBackends = provider.GetRequiredService<ModelBackendRegistry>(),
            Retrievers = provider.GetRequiredService<RetrieverRegistry>(),
            PromptFormats = provider.GetRequiredService<PromptFormatRegistry>(),
            // VectorData stores plug-ins offer as RAG indexes (NamedVectorStore), by the name a suite's retrieval.index uses.
            VectorStores = provider.GetServices<NamedVectorStore>().ToDictionary(s => s.Name, s => s.Store, StringComparer.OrdinalIgnoreCase),
        });
        return services;
    }

    /// <summary>
    /// Registers the catalog (<see cref="AddLoftCompareCatalog"/>), the results store (as <see cref="IResultStore"/>, and
    /// as <see cref="IJobQueue"/> when it is one), the options, the process's encoder sessions and the
    /// <see cref="RunLauncher"/>.
    /// </summary>
    public static IServiceCollection AddLoftCompare(this IServiceCollection services, IResultStore store, LoftCompareOptions options)
    {
        services.AddLoftCompareCatalog();
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton<IRunStore>(store);
        services.AddSingleton<IRunQueries>(store);
        if (store is IJobQueue queue)
        {
            services.AddSingleton(queue);
        }

        // One encoder session per model and settings for the process: runs side by side share its threads.
        services.TryAddSingleton<EncoderSessions>();
        services.TryAddSingleton<RunTelemetry>();
        services.AddSingleton<RunLauncher>();
        return services;
    }
}
