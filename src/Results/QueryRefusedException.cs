namespace LoftCompare.Results;

/// <summary>A query tried to do something <c>loftcompare query</c> does not allow (write, ATTACH, a writing PRAGMA, load an extension).</summary>
public sealed class QueryRefusedException(string message, Exception? inner = null) : Exception(message, inner);
