using Microsoft.ML.Tokenizers;

namespace LoftCompare.Pipelines.Tokens;

/// <summary>Token counts from a tiktoken encoding (o200k_base by default, the GPT-4o family's), via Microsoft.ML.Tokenizers.</summary>
public sealed class TiktokenCounter : ITokenCounter
{
    private readonly Tokenizer tokenizer;

    public TiktokenCounter(string encoding = "o200k_base")
    {
        tokenizer = TiktokenTokenizer.CreateForEncoding(encoding);
        Name = encoding;
    }

    public string Name { get; }

    public int Count(string text) => tokenizer.CountTokens(text);
}
