namespace LoftCompare.Worker.Suites;

/// <summary>A suite file (<c>suites/*.json</c>): which tasks to run through both pipelines, with which models.</summary>
public sealed record Suite
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public EmbeddingSettings Embedding { get; init; } = new();

    public RetrievalSettings Retrieval { get; init; } = new();

    public ModelSettings Models { get; init; } = new();

    /// <summary>Tokenizer for token counts (a tiktoken encoding name).</summary>
    public string Tokenizer { get; init; } = "o200k_base";

    public required IReadOnlyList<SuiteTask> Tasks { get; init; }
}

public sealed record EmbeddingSettings
{
    public string Model { get; init; } = "all-MiniLM-L6-v2";
}

public sealed record RetrievalSettings
{
    public int TopK { get; init; } = 5;
}

public sealed record ModelSettings
{
    /// <summary>The short-context reader on the RAG side.</summary>
    public string Reader { get; init; } = "extractive-minilm";

    /// <summary>The long-context model that reads the whole corpus.</summary>
    public string LongContext { get; init; } = "extractive-minilm";
}

/// <summary>One task of a suite: a dataset, loaded by a named adapter.</summary>
public sealed record SuiteTask
{
    public required string Name { get; init; }

    public string Adapter { get; init; } = "loft";

    /// <summary>Dataset folder or file, relative to the suite file.</summary>
    public required string Path { get; init; }

    public string Split { get; init; } = "test";

    /// <summary>Task kind; omitted, the adapter infers it from the published layout.</summary>
    public string? Kind { get; init; }

    public int? MaxQueries { get; init; }
}
