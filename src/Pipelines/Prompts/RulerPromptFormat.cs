using System.Text;
using System.Text.RegularExpressions;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// RULER's task templates (Hsieh et al., 2024) for recall tasks: a task preamble, the context, the question and the
/// task's answer prefix (e.g. <c>The special magic numbers for … mentioned in the provided text are</c>), so the model
/// completes the answer. The template is chosen by the dataset's name (<c>niah_*</c>, <c>vt</c>, <c>cwe</c>, <c>fwe</c>,
/// <c>qa_*</c>; anything else gets the QA template). The output is not parsed: RULER's metrics look for each gold string
/// in the whole output. The recall kind's profile names this layout; other kinds use LOFT's. Sentences are our own wording.
/// </summary>
public sealed partial class RulerPromptFormat : IPromptFormat
{
    public const string FormatName = "ruler";

    private readonly KindLayoutFormat layouts;

    /// <param name="kinds">The kinds this format can prompt: the catalog's, plug-in kinds included. A kind without a RULER layout in its profile gets LOFT's.</param>
    public RulerPromptFormat(TaskKindProfiles kinds) => layouts = new KindLayoutFormat(FormatName, kinds);

    public string Name => FormatName;

    public LoftPrompt Build(TaskSet taskSet, IReadOnlyList<Document> documents, Query query, bool allowUnanswerable = false)
        => layouts.Build(taskSet, documents, query, allowUnanswerable);

    public IReadOnlyList<string>? Parse(TaskKind kind, string output, LoftPrompt? prompt = null) => layouts.Parse(kind, output, prompt);

    /// <summary>RULER's recall templates, chosen by the dataset's family; the whole output is scored.</summary>
    public static KindPrompt Recall { get; } = new(BuildRecall, (output, _) => [output.Trim()]);

    private static string BuildRecall(TaskSet taskSet, IReadOnlyList<Document> documents, Query query, bool allowUnanswerable)
    {
        var context = string.Join("\n", documents.Select(d => d.Text));
        var question = query.Text.ReplaceLineEndings(" ");
        var text = new StringBuilder();
        switch (Family(taskSet.Name))
        {
            case "niah":
                var (values, keys) = NiahQuestion().Match(question) is { Success: true } m ? (m.Groups["values"].Value, m.Groups["keys"].Value) : ("values", "the key");
                var plural = !question.StartsWith("What is", StringComparison.Ordinal);
                text.Append(plural ? $"Some special magic {values} are hidden in the text below. Memorize them; you will be asked about the {values} afterwards." : $"A special magic {values} is hidden in the text below. Memorize it; you will be asked about the {values} afterwards.");
                text.Append('\n').Append(context).Append('\n').Append(question).Append('\n');
                text.Append($"The special magic {values} for {keys} mentioned in the provided text {(plural ? "are" : "is")}");
                break;
            case "vt":
                text.Append("Memorize and follow the chain(s) of variable assignments hidden in the text below.\n\n").Append(context).Append("\nQuestion: ").Append(question).Append('\n');
                text.Append($"Answer: According to the chain(s) of variable assignments in the text above, {query.Answers.Count} variables are assigned the value {VtValue().Match(question).Value}, they are:");
                break;
            case "cwe":
                text.Append("Below is a numbered list of words. Some of the words appear more often than others; memorize the ones that appear most often.\n").Append(context).Append("\nQuestion: ").Append(question).Append('\n');
                text.Append($"Answer: The top {query.Answers.Count} words that appear most often in the list are:");
                break;
            case "fwe":
                text.Append("Read the coded text below and keep track of how often each coded word appears; find the three most frequent ones.\n").Append(context).Append("\nQuestion: Do not give any explanation. ").Append(question).Append('\n');
                text.Append("Answer: According to the coded text above, the three most frequently appearing words are:");
                break;
            default:
                const string Ask = "Answer the question from the documents below. Give only the answer, no other words.";
                text.Append(Ask).Append("\n\nThe documents:\n\n");
                text.AppendJoin("\n\n", documents.Select((d, i) => $"Document {i + 1}:\n{d.Text}"));
                text.Append("\n\n").Append(Ask).Append("\n\nQuestion: ").Append(question).Append("\nAnswer:");
                break;
        }

        return text.ToString();
    }

    /// <summary>The RULER family of a dataset named like <c>niah_multikey_1/4k</c>, <c>vt/8k</c> or <c>qa_1/4k</c>.</summary>
    public static string Family(string datasetName)
    {
        var name = datasetName.Split('/')[0].ToLowerInvariant();
        return name.StartsWith("niah", StringComparison.Ordinal) ? "niah" : name is "vt" or "cwe" or "fwe" ? name : "qa";
    }

    [GeneratedRegex(@"special magic (?<values>\w+) for (?<keys>.+?) mentioned")]
    private static partial Regex NiahQuestion();

    [GeneratedRegex(@"\d+")]
    private static partial Regex VtValue();
}
