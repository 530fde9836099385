using System.CommandLine;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Worker.Commands;
using LoftCompare.Worker.Suites;

var root = new RootCommand("loftcompare: RAG versus long-context comparisons on LOFT-style tasks, recorded in SQLite.")
{
    RunCommand.Create(),
    DatasetsCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is SuiteException or DatasetFormatException or UnknownDatasetAdapterException or IOException or InvalidOperationException)
{
    // One clear sentence on stderr; the details are in the message, which names the file and field.
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}
