namespace LoftCompare.Corpora.Shipped;

/// <summary>A sentence with one span blanked out, and the span.</summary>
public sealed record ClozeQuestion(string MaskedSentence, string Answer);
