namespace LoftCompare.Runs.Suites;

/// <summary>A suite file is missing or invalid; the message names the file and the field.</summary>
public sealed class SuiteException(string message, Exception? inner = null) : Exception(message, inner);
