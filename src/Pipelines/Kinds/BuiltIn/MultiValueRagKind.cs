using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Kinds.BuiltIn;

/// <summary>LOFT QUEST/QAMPARI: answer with every item of a set; prompted like RAG, with every gold item in the examples.</summary>
public static class MultiValueRagKind
{
    public static TaskKindProfile Profile { get; } = new(TaskKind.MultiValueRag, RagKind.Loft(example => LoftPromptFormat.FormatList(example.Answers, quote: true)))
    {
        Formats = new Dictionary<string, KindPrompt> { [HelmetPromptFormat.FormatName] = HelmetPromptFormat.Rag(multiValue: true) },
        Reader = ReaderSkill.Extract,
    };
}
