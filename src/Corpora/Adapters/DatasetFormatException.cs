namespace LoftCompare.Corpora.Adapters;

/// <summary>A dataset file is malformed; the message names the file, the line (1-based, 0 when not line-bound) and the field.</summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string file, int line, string? field, string problem, Exception? inner = null)
        : base(Describe(file, line, field, problem), inner)
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    public string File { get; }

    public int Line { get; }

    public string? Field { get; }

    public string Problem { get; }

    private static string Describe(string file, int line, string? field, string problem)
    {
        var where = line > 0 ? $"{file}:{line}" : file;
        return field is null ? $"{where}: {problem}" : $"{where}: field '{field}': {problem}";
    }
}
