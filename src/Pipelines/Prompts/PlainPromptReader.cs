using System.Text.RegularExpressions;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// Reads HELMET and RULER prompts back into documents and a query, for readers that work from the prompt alone:
/// <c>[ID: x] Document (Title: t): …</c> (re-rank), <c>Document [n](Title: t): …</c> (citation, id = n),
/// <c>Document (Title: t): …</c> (RAG), <c>Document n:</c> blocks (RULER QA), and otherwise every line of the context
/// as a document (RULER haystacks, JSON KV). The query is the last <c>Question:</c> or <c>Query:</c> line, else the last
/// line ending in a question mark, else the line before the answer prefix. ICL prompts are read by <see cref="ReadIcl"/>.
/// </summary>
public static partial class PlainPromptReader
{
    public static (IReadOnlyList<Document> Documents, string Query) Read(string prompt)
    {
        var lines = prompt.ReplaceLineEndings("\n").Split('\n');
        var query = lines.LastOrDefault(l => l.StartsWith("Question:", StringComparison.Ordinal) || l.StartsWith("Query:", StringComparison.Ordinal)) is { } asked
            ? asked[(asked.IndexOf(':') + 1)..].Trim()
            : lines.LastOrDefault(l => l.TrimEnd().EndsWith('?'))?.Trim() ?? LineBeforeAnswerPrefix(lines);
        var documents = new List<Document>();
        foreach (var line in lines)
        {
            if (RerankPassage().Match(line) is { Success: true } rerank)
            {
                documents.Add(new Document(rerank.Groups["id"].Value, rerank.Groups["title"].Value, rerank.Groups["text"].Value));
            }
            else if (CitedPassage().Match(line) is { Success: true } cited)
            {
                documents.Add(new Document(cited.Groups["n"].Value, cited.Groups["title"].Value, cited.Groups["text"].Value));
            }
            else if (TitledPassage().Match(line) is { Success: true } titled)
            {
                documents.Add(new Document($"{documents.Count + 1}", titled.Groups["title"].Value, titled.Groups["text"].Value));
            }
        }

        if (documents.Count > 0)
        {
            return (documents, query);
        }

        // Untitled contexts: every non-empty line before the question is a document (the answer prefix comes after it).
        var questionAt = Array.FindLastIndex(lines, l => l.Trim().Length > 0 && l.Contains(query, StringComparison.Ordinal));
        var context = lines.Take(questionAt < 0 ? lines.Length : questionAt).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return (context.Select((l, i) => new Document($"{i + 1}", string.Empty, l)).ToList(), query);
    }

    /// <summary>With no question mark to go by: the last line, or the one before it when the last is an answer prefix (<c>Answer:</c>).</summary>
    private static string LineBeforeAnswerPrefix(string[] lines)
    {
        var filled = lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return filled.Count switch
        {
            0 => string.Empty,
            1 => filled[0],
            _ => filled[^1].EndsWith(':') ? filled[^2] : filled[^1],
        };
    }

    /// <summary>HELMET ICL: blank-line separated <c>{text}\nlabel: {label}</c> demonstrations, then the text to label and a bare <c>label:</c>.</summary>
    public static (IReadOnlyList<(string Input, string Label)> Demonstrations, string Input) ReadIcl(string prompt)
    {
        var blocks = prompt.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(b => b.Trim('\n')).ToList();
        var demonstrations = new List<(string, string)>();
        var input = string.Empty;
        foreach (var block in blocks)
        {
            var lines = block.Split('\n');
            if (lines.Length < 2 || !lines[^1].StartsWith("label:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var label = lines[^1]["label:".Length..].Trim();
            var text = string.Join('\n', lines[..^1]);
            if (label.Length == 0)
            {
                input = text;
            }
            else
            {
                demonstrations.Add((text, label));
            }
        }

        return (demonstrations, input);
    }

    [GeneratedRegex(@"^\[ID: (?<id>[^\]]+)\] Document \(Title: (?<title>.*?)\): (?<text>.*)$")]
    private static partial Regex RerankPassage();

    [GeneratedRegex(@"^Document \[(?<n>\d+)\]\(Title: (?<title>.*?)\): (?<text>.*)$")]
    private static partial Regex CitedPassage();

    [GeneratedRegex(@"^Document \(Title: (?<title>.*?)\): (?<text>.*)$")]
    private static partial Regex TitledPassage();
}
