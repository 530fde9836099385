namespace LoftCompare.Corpora.Shipped;

/// <summary>A shipped-set builder cannot build what it was asked for from the source it was given (missing files, too little material, an unknown task); the message says what and how to change the request.</summary>
public sealed class DatasetBuildException(string message) : InvalidOperationException(message);
