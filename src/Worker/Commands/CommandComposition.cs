using LoftCompare.Results;
using LoftCompare.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// The one composition every command resolves from: the host's plug-ins (kinds, adapters, metrics, formats, backends,
/// stores) applied first, then <see cref="LoftCompareServiceCollectionExtensions.AddLoftCompareCatalog"/> or
/// <see cref="LoftCompareServiceCollectionExtensions.AddLoftCompare"/>. A command never reads a built-in catalog itself,
/// so what a host registers is known to <c>run</c>, <c>worker</c>, <c>score</c>, <c>datasets</c>, <c>report</c> and
/// <c>serve</c> alike.
/// </summary>
public sealed class CommandComposition : IAsyncDisposable
{
    private readonly Action<IServiceCollection> plugins;
    private readonly Lazy<ServiceProvider> catalog;

    /// <param name="plugins">What the host registers (its <c>AddTaskKind</c>, <c>IDatasetAdapter</c>, …); nothing for the plain executable.</param>
    public CommandComposition(Action<IServiceCollection>? plugins = null)
    {
        this.plugins = plugins ?? (_ => { });
        catalog = new(() => Plugged(new ServiceCollection()).AddLoftCompareCatalog().BuildServiceProvider());
    }

    /// <summary>Kinds, metrics, adapters, backends, retrievers and formats: the built-in ones plus the host's.</summary>
    public LoftCompareCatalog Catalog => catalog.Value.GetRequiredService<LoftCompareCatalog>();

    /// <summary>A new service collection holding the host's plug-ins and everything a run needs over <paramref name="store"/>.</summary>
    public IServiceCollection RunServices(IResultStore store, LoftCompareOptions options) => AddRunServices(new ServiceCollection(), store, options);

    /// <summary>Adds the host's plug-ins and everything a run needs to <paramref name="services"/> (the worker's host).</summary>
    public IServiceCollection AddRunServices(IServiceCollection services, IResultStore store, LoftCompareOptions options)
        => Plugged(services).AddLoftCompare(store, options);

    public async ValueTask DisposeAsync()
    {
        if (catalog.IsValueCreated)
        {
            await catalog.Value.DisposeAsync();
        }
    }

    private IServiceCollection Plugged(IServiceCollection services)
    {
        plugins(services);
        return services;
    }
}
