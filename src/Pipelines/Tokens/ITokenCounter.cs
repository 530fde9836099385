namespace LoftCompare.Pipelines.Tokens;

/// <summary>Counts tokens the way a model's tokenizer does.</summary>
public interface ITokenCounter
{
    /// <summary>The tokenizer's name as recorded with each run (e.g. <c>o200k_base</c>).</summary>
    string Name { get; }

    int Count(string text);
}
