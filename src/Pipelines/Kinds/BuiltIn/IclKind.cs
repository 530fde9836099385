using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Kinds.BuiltIn;

/// <summary>Many-shot ICL: the corpus is labelled demonstrations (<c>Output:</c> in LOFT's layout, <c>label:</c> in HELMET's); the reader votes by nearest neighbours.</summary>
public static class IclKind
{
    public static TaskKindProfile Profile { get; } = new(
        TaskKind.Icl,
        new LoftKindPrompt(
            "Answer each of the following questions in the same format as the examples. Your final answer must always look like Output: ['your answer'].",
            string.Empty,
            string.Empty,
            example => LoftPromptFormat.FormatList(example.Answers.Take(1).ToList(), quote: true))
        {
            Layout = LoftLayout.Demonstrations,
            AnswerMarker = LoftPromptFormat.IclAnswerMarker,
            MayDecline = false,
        })
    {
        Formats = new Dictionary<string, KindPrompt> { [HelmetPromptFormat.FormatName] = HelmetPromptFormat.Icl },
        Reader = ReaderSkill.Classify,
    };
}
