using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Kinds;

/// <summary>
/// A kind's pieces of LOFT's corpus-in-context prompt; the structure (corpus, few-shot examples, start marker, query)
/// is <c>LoftPromptFormat</c>'s. The query is asked as <c>{QuestionLine}\nquery: {text}</c>, then <see cref="AfterQuery"/>.
/// </summary>
/// <param name="Instruction">What the prompt opens with.</param>
/// <param name="FormattingInstruction">How to write the answer (LOFT's <c>Final Answer: [...]</c> shapes); empty when the examples show it.</param>
/// <param name="QuestionLine">The line before <c>query: …</c>.</param>
/// <param name="ExampleAnswer">A few-shot example's answer as written after the answer marker, e.g. <c>['Lincoln']</c>.</param>
public sealed record LoftKindPrompt(string Instruction, string FormattingInstruction, string QuestionLine, Func<Query, string> ExampleAnswer)
{
    /// <summary>A line after the query (LOFT retrieval: <c>The following documents can help answer the query:</c>).</summary>
    public string? AfterQuery { get; init; }

    /// <summary>How documents, examples and the query are laid out.</summary>
    public LoftLayout Layout { get; init; } = LoftLayout.Corpus;

    /// <summary>The marker the answer follows (<c>Final Answer:</c>; many-shot ICL: <c>Output:</c>).</summary>
    public string AnswerMarker { get; init; } = "Final Answer:";

    /// <summary>Whether Self-Route may let the reader decline (an answer can be missing from the retrieved documents; a ranking or a label cannot).</summary>
    public bool MayDecline { get; init; } = true;
}

/// <summary>LOFT's three layouts.</summary>
public enum LoftLayout
{
    /// <summary><c>ID: … | TITLE: … | CONTENT: … | END ID: …</c> lines, few-shot examples with their gold ids, the query.</summary>
    Corpus,

    /// <summary>SQL: few-shot examples, then each table as a <c>Table: {name}</c> CSV block, then the query.</summary>
    Tables,

    /// <summary>Many-shot ICL: each document is a demonstration <c>{input}\nOutput: {label}</c>, then the input.</summary>
    Demonstrations,
}
