using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Pipelines.Kinds;
using Microsoft.Extensions.DependencyInjection;

namespace LoftCompare.Runs;

/// <summary>A task kind a plug-in adds: its profile and its metric, registered together by <see cref="TaskKindPluginExtensions.AddTaskKind(IServiceCollection, TaskKindProfile, IMetric)"/>.</summary>
/// <param name="Profile">Prompt pieces, RAG step, reader skill and report rules.</param>
/// <param name="Metric">The kind's metric, made for the corpus it scores against.</param>
/// <param name="ReadsCorpus">Whether the metric reads the corpus (then scoring loads it).</param>
public sealed record TaskKindPlugin(TaskKindProfile Profile, Func<IReadOnlyList<Document>, IMetric> Metric, bool ReadsCorpus = false);

public static class TaskKindPluginExtensions
{
    /// <summary>
    /// Adds a task kind: suites may then name it (<c>"kind": "…"</c>), every prompt format prompts it from its profile,
    /// the embedded reader does what the profile's reader skill says, and rows are scored by <paramref name="metric"/>.
    /// Call before <c>AddLoftCompare</c> or after; the catalog is built when first asked for.
    /// </summary>
    public static IServiceCollection AddTaskKind(this IServiceCollection services, TaskKindProfile profile, IMetric metric)
    {
        if (metric.Kind != profile.Kind)
        {
            throw new ArgumentException($"The metric scores kind '{metric.Kind.Name}', not the profile's kind '{profile.Kind.Name}'.", nameof(metric));
        }

        return services.AddSingleton(new TaskKindPlugin(profile, _ => metric));
    }

    /// <summary>The kinds the run knows: the built-in ones and every plug-in's.</summary>
    internal static TaskKindProfiles Kinds(IServiceProvider provider)
        => provider.GetServices<TaskKindPlugin>().Aggregate(TaskKindProfiles.BuiltIn, (kinds, plugin) => kinds.With(plugin.Profile));

    /// <summary>The built-in metrics and every plug-in kind's.</summary>
    internal static MetricRegistry Metrics(IServiceProvider provider)
        => provider.GetServices<TaskKindPlugin>().Aggregate(
            MetricRegistry.BuiltIn(),
            (metrics, plugin) => plugin.ReadsCorpus ? metrics.Add(plugin.Profile.Kind, plugin.Metric) : metrics.Add(plugin.Metric([])));
}
