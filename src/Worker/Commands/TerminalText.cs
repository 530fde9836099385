namespace LoftCompare.Worker.Commands;

/// <summary>Text from the database (model outputs, dataset text) made safe to print on a terminal.</summary>
public static class TerminalText
{
    /// <summary>
    /// Replaces control characters other than line breaks and tabs (ESC, OSC, BEL, C1 controls, ...) with U+FFFD, so DB
    /// text cannot move the cursor, retitle the window or write links into the user's terminal.
    /// </summary>
    public static string Clean(string text)
    {
        if (!text.Any(IsUnsafe))
        {
            return text;
        }

        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = IsUnsafe(source[i]) ? '\uFFFD' : source[i];
            }
        });
    }

    private static bool IsUnsafe(char c) => char.IsControl(c) && c is not '\n' and not '\r' and not '\t';
}
