namespace LoftCompare.Pipelines.Embeddings;

/// <summary>How token states become one sentence vector.</summary>
public enum Pooling
{
    /// <summary>Attention-masked mean of all token states (sentence-transformers MiniLM).</summary>
    Mean,

    /// <summary>The [CLS] token's state (Snowflake arctic-embed).</summary>
    Cls,
}
