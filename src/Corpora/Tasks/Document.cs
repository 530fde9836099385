namespace LoftCompare.Corpora.Tasks;

/// <summary>One corpus entry, as LOFT's <c>corpus.jsonl</c> holds it.</summary>
/// <param name="Id">The passage id (<c>pid</c>).</param>
/// <param name="Title">The title (<c>title_text</c>); may be empty.</param>
/// <param name="Text">The passage (<c>passage_text</c>).</param>
public sealed record Document(string Id, string Title, string Text);
