using System.Text.Json;

namespace LoftCompare.Eval.Costs.Serving;

/// <summary>
/// Model and GPU cards read from data files (<c>cards/models/*.json</c>, <c>cards/gpus/*.json</c>): the shipped ones
/// beside the executable, then any folder a user names; a later folder's card replaces an earlier one of the same name.
/// </summary>
public sealed class CardCatalog
{
    /// <summary>Environment variable naming an extra cards folder.</summary>
    public const string FolderVariable = "LOFTCOMPARE_CARDS";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly Dictionary<string, ModelCard> models = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, GpuCard> gpus = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<ModelCard> Models => models.Values;

    public IReadOnlyCollection<GpuCard> Gpus => gpus.Values;

    /// <summary>The shipped cards, then <see cref="FolderVariable"/>'s folder, then <paramref name="extraFolders"/> (missing ones skipped).</summary>
    public static CardCatalog Load(params IEnumerable<string?> extraFolders)
    {
        var catalog = new CardCatalog();
        var folders = new[] { Path.Combine(AppContext.BaseDirectory, "cards"), Environment.GetEnvironmentVariable(FolderVariable) }.Concat(extraFolders);
        foreach (var folder in folders.OfType<string>().Where(Directory.Exists))
        {
            catalog.AddFolder(folder);
        }

        return catalog;
    }

    /// <summary>Reads every card under <paramref name="folder"/>'s <c>models/</c> and <c>gpus/</c>; a bad file is an error naming it.</summary>
    public void AddFolder(string folder)
    {
        foreach (var file in Files(folder, "models"))
        {
            var card = Read<ModelCard>(file);
            Check(file, card.Layers > 0 && card.HiddenSize > 0 && card.AttentionHeads > 0 && card.KvHeads > 0 && card.HeadDim > 0 && card.Parameters > 0 && card.MaxContext > 0, "layers, hiddenSize, attentionHeads, kvHeads, headDim, parameters and maxContext must be positive");
            Check(file, card.AttentionHeads % card.KvHeads == 0, $"attentionHeads ({card.AttentionHeads}) must be a multiple of kvHeads ({card.KvHeads})");
            _ = Guarded(file, () => card.BytesPerElement);
            models[card.Name] = card;
        }

        foreach (var file in Files(folder, "gpus"))
        {
            var card = Read<GpuCard>(file);
            Check(file, card.DenseBf16Tflops > 0 && card.BandwidthTBps > 0 && card.MemoryGB > 0 && card.PerHour >= 0, "denseBf16Tflops, bandwidthTBps and memoryGB must be positive and perHour not negative");
            gpus[card.Name] = card;
        }
    }

    public ModelCard Model(string name)
        => models.GetValueOrDefault(name) ?? throw new CardException($"no model card '{name}'; known: {string.Join(", ", models.Keys.Order(StringComparer.Ordinal))} (add one as cards/models/{name}.json)");

    public GpuCard Gpu(string name)
        => gpus.GetValueOrDefault(name) ?? throw new CardException($"no GPU card '{name}'; known: {string.Join(", ", gpus.Keys.Order(StringComparer.Ordinal))} (add one as cards/gpus/{name}.json)");

    private static IEnumerable<string> Files(string folder, string kind)
    {
        var path = Path.Combine(folder, kind);
        return Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal) : [];
    }

    private static T Read<T>(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(file), Json) ?? throw new CardException($"card '{file}' is empty");
        }
        catch (JsonException ex)
        {
            throw new CardException($"card '{file}' is not a valid card: {ex.Message}", ex);
        }
    }

    private static void Check(string file, bool condition, string message)
    {
        if (!condition)
        {
            throw new CardException($"card '{file}': {message}");
        }
    }

    private static T Guarded<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ArgumentException ex)
        {
            throw new CardException($"card '{file}': {ex.Message}", ex);
        }
    }
}
