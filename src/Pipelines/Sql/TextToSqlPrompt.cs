using System.Text;
using System.Text.RegularExpressions;
using LoftCompare.Corpora.Tables;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Sql;

/// <summary>
/// The RAG side of SQL tasks, after LOFT's text-to-SQL baseline: the retrieved tables' schemas as <c>CREATE TABLE</c>
/// statements, few-shot questions with their gold SQL, then the query; the reader answers with one SQLite query.
/// The instruction sentences are our own wording.
/// </summary>
public static partial class TextToSqlPrompt
{
    public static string Build(IReadOnlyList<CsvTable> tables, IReadOnlyList<Query> fewShot, Query query)
    {
        var text = new StringBuilder();
        text.AppendLine("You are given the schema of some SQLite tables. Then you are given a query; write one SQLite SELECT statement that answers it from these tables. Do not include any explanation.");
        text.AppendLine();
        text.AppendLine(SqlTableDatabase.Schema(tables)).AppendLine();
        foreach (var example in fewShot.Where(f => f.GoldSql is not null))
        {
            text.Append("Query: ").AppendLine(example.Text).Append("Answer: ").AppendLine(example.GoldSql).AppendLine();
        }

        text.AppendLine(LoftPromptFormat.StartMarker);
        text.Append("Query: ").AppendLine(query.Text.ReplaceLineEndings(" ")).Append("Answer:");
        return text.ToString();
    }

    /// <summary>The SQL in a reply: the body of a fenced code block if there is one, else the text after <c>Answer:</c>, else the whole reply.</summary>
    public static string ExtractSql(string output)
    {
        var fenced = Fence().Match(output);
        if (fenced.Success)
        {
            return fenced.Groups["sql"].Value.Trim();
        }

        var at = output.LastIndexOf("Answer:", StringComparison.OrdinalIgnoreCase);
        return (at >= 0 ? output[(at + "Answer:".Length)..] : output).Trim();
    }

    [GeneratedRegex(@"```(?:sql|sqlite)?\s*\n?(?<sql>.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Fence();
}
