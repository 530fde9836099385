namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// Reads a LOFT many-shot ICL prompt back into its demonstrations (blank-line separated blocks ending in
/// <c>Output: {label}</c>) and the input to label (after <c>====== Now let's start! ======</c>, before the final <c>Output:</c>).
/// </summary>
public static class IclPromptReader
{
    public static (IReadOnlyList<(string Input, string Label)> Demonstrations, string Input) Read(string prompt)
    {
        var text = prompt.ReplaceLineEndings("\n");
        var start = text.LastIndexOf(LoftPromptFormat.StartMarker, StringComparison.Ordinal);
        if (start < 0)
        {
            return ([], string.Empty);
        }

        var demonstrations = new List<(string, string)>();
        foreach (var block in text[..start].Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Trim('\n').Split('\n');
            var last = lines[^1];
            if (lines.Length >= 2 && last.StartsWith(LoftPromptFormat.IclAnswerMarker, StringComparison.Ordinal))
            {
                demonstrations.Add((string.Join('\n', lines[..^1]), last[LoftPromptFormat.IclAnswerMarker.Length..].Trim()));
            }
        }

        var tail = text[(start + LoftPromptFormat.StartMarker.Length)..];
        var answerAt = tail.LastIndexOf(LoftPromptFormat.IclAnswerMarker, StringComparison.Ordinal);
        return (demonstrations, (answerAt < 0 ? tail : tail[..answerAt]).Trim());
    }
}
