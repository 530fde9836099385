using System.Text;

namespace LoftCompare.Eval.Reports;

/// <summary>Makes untrusted text (dataset text, error messages) safe inside a Markdown table cell: no HTML, no links, no table breaks.</summary>
public static class MarkdownText
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
            if ("\\`*_{}[]()<>#+!|~".Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
