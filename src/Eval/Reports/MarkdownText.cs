using System.Text;

namespace LoftCompare.Eval.Reports;

/// <summary>
/// Makes untrusted text (dataset text, task names, error messages) safe inside a Markdown table cell or heading: no
/// HTML, no links or autolinks, no emphasis or table breaks. Markdown punctuation is backslash-escaped, and the
/// <c>://</c> and <c>www.</c> that autolink extensions look for are broken with escapes.
/// </summary>
public static partial class MarkdownText
{
    public static string Cell(string? text, int maxLength = 160)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var flat = text.ReplaceLineEndings(" ");
        if (flat.Length > maxLength)
        {
            flat = flat[..maxLength] + "…";
        }

        var escaped = new StringBuilder(flat.Length + 16);
        foreach (var c in flat)
        {
            if ("\\`*_{}[]()<>#+!|~&".Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return AutolinkHost().Replace(escaped.ToString().Replace("://", ":\\/\\/", StringComparison.Ordinal), "$1\\.");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(www)\.", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex AutolinkHost();
}
