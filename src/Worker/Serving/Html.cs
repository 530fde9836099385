using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace LoftCompare.Worker.Serving;

/// <summary>
/// Server-rendered pages. Everything from the database or a dataset is hostile text (model outputs, passages, errors,
/// names): it goes through <see cref="E"/> (HTML-encoded) and nowhere else, and pages carry no script at all.
/// </summary>
public static class Html
{
    public const string Css = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 1200px; padding: 0 1rem; color: #1b1b1b; }
        h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; }
        th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        pre { white-space: pre-wrap; word-break: break-word; background: #f7f7f7; padding: .5rem; margin: 0; max-height: 24rem; overflow: auto; }
        .side { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
        .card { border: 1px solid #ccc; padding: .5rem .75rem; border-radius: 4px; }
        .right { color: #0b6b2b; font-weight: 600; } .wrong { color: #a3151b; font-weight: 600; } .na { color: #666; }
        nav a { margin-right: 1rem; } form label { margin-right: .75rem; } img { max-width: 100%; border: 1px solid #eee; }
        """;

    /// <summary>HTML-encodes hostile text.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>A URL-encoded path or query segment.</summary>
    public static string U(string text) => UrlEncoder.Default.Encode(text);

    public static string N(double? value, string format = "0.000") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    public static string Page(string title, string body)
        => $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{E(title)} · LoftCompare</title>
            <link rel="stylesheet" href="/viewer.css"></head>
            <body><nav><a href="/">Runs</a></nav>
            {body}
            </body></html>
            """;

    /// <summary>A table of encoded cells; cells already marked up are passed as <see cref="Raw"/>.</summary>
    public static string Table(IEnumerable<string> headers, IEnumerable<IEnumerable<object?>> rows)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append(cell switch
                {
                    Raw raw => $"<td>{raw.Markup}</td>",
                    double d => $"<td class=\"n\">{N(d)}</td>",
                    long or int => $"<td class=\"n\">{E(Convert.ToString(cell, CultureInfo.InvariantCulture))}</td>",
                    _ => $"<td>{E(Convert.ToString(cell, CultureInfo.InvariantCulture))}</td>",
                });
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    public static Raw Link(string href, string text) => new($"<a href=\"{E(href)}\">{E(text)}</a>");

    public static Raw Verdict(bool? right) => right switch
    {
        true => new("<span class=\"right\">right</span>"),
        false => new("<span class=\"wrong\">wrong</span>"),
        _ => new("<span class=\"na\">n/a</span>"),
    };

    /// <summary>Markup built here from encoded parts, placed in a cell as is.</summary>
    public sealed record Raw(string Markup);
}
