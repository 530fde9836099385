using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Kinds.BuiltIn;

/// <summary>RULER/HELMET recall: find planted values in a haystack. Its scores by length give a model's effective context length.</summary>
public static class RecallKind
{
    public static TaskKindProfile Profile { get; } = new(TaskKind.Recall, RagKind.Loft(example => LoftPromptFormat.FormatList(example.Answers.Take(1).ToList(), quote: true)))
    {
        Formats = new Dictionary<string, KindPrompt>
        {
            [HelmetPromptFormat.FormatName] = HelmetPromptFormat.Recall,
            [RulerPromptFormat.FormatName] = RulerPromptFormat.Recall,
        },
        Reader = ReaderSkill.Extract,
        MeasuresEffectiveLength = true,
    };
}
