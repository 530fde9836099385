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

    /// <summary>The encodings whose data this build ships (Microsoft.ML.Tokenizers.Data.* packages referenced).</summary>
    public static IReadOnlyList<string> KnownEncodings { get; } = ["o200k_base"];

    public string Name { get; }

    public int Count(string text) => tokenizer.CountTokens(text);
}
