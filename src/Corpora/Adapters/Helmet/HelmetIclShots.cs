namespace LoftCompare.Corpora.Adapters.Helmet;

/// <summary>
/// HELMET's shot counts per dataset and input length (its <c>icl_short.yaml</c> and <c>icl.yaml</c> configs), so a suite
/// can ask for "BANKING77 at 32k" and get HELMET's 1,450 balanced demonstrations.
/// </summary>
public static class HelmetIclShots
{
    private static readonly string[] Lengths = ["8k", "16k", "32k", "64k", "128k"];

    private static readonly Dictionary<string, int[]> ShotsByDataset = new(StringComparer.OrdinalIgnoreCase)
    {
        ["trec_coarse"] = [400, 800, 1600, 3300, 6600],
        ["trec_fine"] = [400, 800, 1600, 3200, 6400],
        ["banking77"] = [360, 720, 1450, 2900, 5900],
        ["clinic150"] = [440, 880, 1750, 3525, 7050],
        ["nlu"] = [510, 1020, 2040, 4080, 8296],
    };

    public static IReadOnlyCollection<string> Datasets => ShotsByDataset.Keys;

    /// <summary>The published shot count, or null when the dataset or length is not one HELMET configures.</summary>
    public static int? For(string dataset, string length)
        => ShotsByDataset.TryGetValue(dataset, out var shots) && Array.IndexOf(Lengths, length.ToLowerInvariant()) is var i and >= 0 ? shots[i] : null;
}
