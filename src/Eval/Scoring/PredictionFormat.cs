namespace LoftCompare.Eval.Scoring;

/// <summary>How a predictions file is laid out.</summary>
public enum PredictionFormat
{
    /// <summary>LOFT's: <c>{"qid", "num_turns", "model_outputs": [[answer, ...]]}</c>, answers already parsed.</summary>
    Loft,

    /// <summary>Raw model outputs: <c>{"qid", "output"}</c>, parsed with the task's parser (<c>Final Answer: [...]</c>).</summary>
    Jsonl,
}
