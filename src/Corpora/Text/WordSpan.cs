namespace LoftCompare.Corpora.Text;

/// <summary>A word and where it sits in its text.</summary>
public readonly record struct WordSpan(string Text, int Start, int Length)
{
    public int End => Start + Length;
}
