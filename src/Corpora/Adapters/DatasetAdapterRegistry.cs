using LoftCompare.Corpora.Adapters.Beir;
using LoftCompare.Corpora.Adapters.Helmet;
using LoftCompare.Corpora.Adapters.Jsonl;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters;

/// <summary>Adapters by name; adding a dataset format is one adapter class plus one registration (a line in <see cref="BuiltIn"/>, or a plug-in's <c>services.AddSingleton&lt;IDatasetAdapter, MyAdapter&gt;()</c>).</summary>
public sealed class DatasetAdapterRegistry
{
    private readonly Dictionary<string, IDatasetAdapter> adaptersByName = new(StringComparer.OrdinalIgnoreCase);

    public DatasetAdapterRegistry(IEnumerable<IDatasetAdapter> adapters)
    {
        foreach (var adapter in adapters)
        {
            if (!adaptersByName.TryAdd(adapter.Name, adapter))
            {
                throw new ArgumentException($"Two dataset adapters are named '{adapter.Name}'.", nameof(adapters));
            }
        }
    }

    /// <summary>The registry of the adapters that ship with LoftCompare.</summary>
    /// <param name="kinds">The task kinds layouts may name (LOFT's family folders): the run's catalog, plug-in kinds included.</param>
    public static DatasetAdapterRegistry BuiltIn(IReadOnlyList<TaskKind> kinds) => new(
    [
        new LoftFolderAdapter(kinds), new BeirFolderAdapter(), new JsonlFolderAdapter(), new Csv.CsvFolderAdapter(),
        new HelmetRagAdapter(), new HelmetRerankAdapter(), new HelmetAlceAdapter(), new HelmetIclAdapter(), new HelmetJsonKvAdapter(),
        new Squad.SquadAdapter(),
    ]);

    public IReadOnlyCollection<string> Names => adaptersByName.Keys;

    /// <summary>Every registered adapter.</summary>
    public IReadOnlyCollection<IDatasetAdapter> Adapters => adaptersByName.Values;

    public IDatasetAdapter Get(string name)
        => adaptersByName.TryGetValue(name, out var adapter) ? adapter : throw new UnknownDatasetAdapterException(name, adaptersByName.Keys.Order());
}
