namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// A prompt format written as Semantic Kernel prompt templates (suite <c>promptTemplates</c>), so a team compares its
/// own production prompt without writing C#. The prompt template sees <c>{{$instructions}}</c>, <c>{{$corpus}}</c>,
/// <c>{{$examples}}</c> and <c>{{$query}}</c>; each document of the corpus is rendered with <see cref="Document"/>
/// (<c>{{$id}}</c>, <c>{{$title}}</c>, <c>{{$text}}</c>, <c>{{$index}}</c>), each few-shot example with
/// <see cref="Example"/> (<c>{{$number}}</c>, <c>{{$query}}</c>, <c>{{$gold_documents}}</c>, <c>{{$answer}}</c>).
/// </summary>
public sealed record PromptTemplateSettings
{
    /// <summary>The whole prompt, inline.</summary>
    public string? Template { get; init; }

    /// <summary>The whole prompt from a file (relative to the suite file), instead of <see cref="Template"/>.</summary>
    public string? TemplateFile { get; init; }

    /// <summary>One document of the corpus block; documents are joined with <see cref="DocumentSeparator"/>.</summary>
    public string Document { get; init; } = "ID: {{$id}} | TITLE: {{$title}} | CONTENT: {{$text}} | END ID: {{$id}}";

    public string DocumentSeparator { get; init; } = "\n";

    /// <summary>One gold document of a few-shot example (its id and title), joined with new lines into <c>{{$gold_documents}}</c>.</summary>
    public string GoldDocument { get; init; } = "ID: {{$id}} | TITLE: {{$title}}";

    /// <summary>One few-shot example; examples are joined with <see cref="ExampleSeparator"/>.</summary>
    public string Example { get; init; } = "====== Example {{$number}} ======\n{{$query}}\n{{$gold_documents}}\nFinal Answer: {{$answer}}\n";

    public string ExampleSeparator { get; init; } = "\n";

    /// <summary>Whose reading of the output applies (<c>loft</c>: <c>Final Answer:</c>; <c>helmet</c>; <c>ruler</c>), and so whose metrics score it.</summary>
    public string Parser { get; init; } = "loft";
}
