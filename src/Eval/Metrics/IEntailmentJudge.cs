namespace LoftCompare.Eval.Metrics;

/// <summary>Decides whether a premise (cited passages) supports a claim (a sentence of the answer). An NLI model slots in here.</summary>
public interface IEntailmentJudge
{
    /// <summary>The judge's name, recorded with the scores (e.g. <c>lexical-support</c>, <c>nli:t5-xxl-true</c>).</summary>
    string Name { get; }

    Task<bool> EntailsAsync(string premise, string claim, CancellationToken cancellationToken = default);
}
