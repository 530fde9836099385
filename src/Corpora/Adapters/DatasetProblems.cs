namespace LoftCompare.Corpora.Adapters;

/// <summary>Collects every problem found while validating a dataset, instead of stopping at the first.</summary>
public sealed class DatasetProblems
{
    private readonly List<DatasetFormatException> problems = [];

    public IReadOnlyList<DatasetFormatException> Items => problems;

    public bool Any => problems.Count > 0;

    public void Report(DatasetFormatException problem) => problems.Add(problem);

    /// <summary>Reads one record: its problem is reported (and the record skipped) when collecting, thrown otherwise.</summary>
    public static void Collect(DatasetProblems? collector, Action read)
    {
        try
        {
            read();
        }
        catch (DatasetFormatException ex) when (collector is not null)
        {
            collector.Report(ex);
        }
    }

    /// <summary>Throws the problem when not collecting (a normal load), records it when collecting (validation).</summary>
    public static void Raise(DatasetProblems? collector, DatasetFormatException problem)
    {
        if (collector is null)
        {
            throw problem;
        }

        collector.Report(problem);
    }
}
