using System.Reflection;
using LoftCompare.Results;
using LoftCompare.Storage.Postgres;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Storage.Tests;

/// <summary>A store implements the contracts in LoftCompare.Results and loads nothing of models, indexes or charts.</summary>
public sealed class StoreDependencyTests
{
    [Fact]
    public void The_pipeline_names_the_results_layer_filters_on_are_the_pipelines_own()
    {
        // Results references no pipeline code, so the only= filter spells the names; a renamed pipeline must fail here.
        Assert.Equal((LoftCompare.Pipelines.Running.RagPipeline.PipelineName, LoftCompare.Pipelines.Running.LongContextPipeline.PipelineName), ExampleFilter.Sides(OnlyRight.Rag));
        Assert.Equal((LoftCompare.Pipelines.Running.LongContextPipeline.PipelineName, LoftCompare.Pipelines.Running.RagPipeline.PipelineName), ExampleFilter.Sides(OnlyRight.LongContext));
    }

    [Theory]
    [InlineData(typeof(SqliteResultStore))]
    [InlineData(typeof(PostgresResultStore))]
    [InlineData(typeof(IResultStore))]
    public void A_store_references_the_results_home_and_no_model_index_or_chart_assembly(Type storeType)
    {
        var referenced = Closure(storeType.Assembly).Select(a => a.Name!).ToList();

        Assert.DoesNotContain(referenced, name =>
            name.StartsWith("LoftCompare.", StringComparison.Ordinal) && name is not ("LoftCompare.Results" or "LoftCompare.Storage.Sqlite" or "LoftCompare.Storage.Postgres"));
        Assert.DoesNotContain(referenced, name =>
            name.Contains("OnnxRuntime", StringComparison.Ordinal) || name.StartsWith("Qdrant", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) || name.StartsWith("ScottPlot", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal));
        if (storeType != typeof(IResultStore))
        {
            Assert.Contains("LoftCompare.Results", referenced);
        }
    }

    /// <summary>Every assembly reachable by references from <paramref name="root"/>, loaded as the runtime would.</summary>
    private static IEnumerable<AssemblyName> Closure(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>(root.GetReferencedAssemblies());
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name.Name!) || name.Name!.StartsWith("System", StringComparison.Ordinal) || name.Name is "netstandard" or "mscorlib")
            {
                continue;
            }

            yield return name;
            foreach (var next in Assembly.Load(name).GetReferencedAssemblies())
            {
                pending.Push(next);
            }
        }
    }
}
