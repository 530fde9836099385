using System.Runtime.CompilerServices;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;
using Microsoft.SemanticKernel;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// A prompt format defined by Semantic Kernel prompt templates (<see cref="PromptTemplateSettings"/>). Kinds with LOFT's
/// corpus layout (retrieval, RAG, multi-value RAG, recall, re-rank, citation, and plug-in kinds that use it) are built
/// from the templates with their profile's LOFT pieces; SQL and many-shot ICL keep the parser format's own layout. The output is read, and scored, by the parser format (<c>loft</c> by default).
/// Templates render plain text sent as one user message, never parsed as SK chat markup, so values are inserted as
/// they are (dataset text is not HTML-escaped).
/// </summary>
public sealed class TemplatePromptFormat : IPromptFormat
{
    private readonly Kernel kernel = new();
    private readonly IPromptTemplate prompt;
    private readonly IPromptTemplate document;
    private readonly IPromptTemplate goldDocument;
    private readonly IPromptTemplate example;
    private readonly PromptTemplateSettings settings;
    private readonly IPromptFormat parser;

    // A document renders the same in every prompt, so once per document — unless the template uses its position.
    private readonly ConditionalWeakTable<Document, string> renderedDocuments = new();
    private readonly bool documentUsesIndex;
    private readonly TaskKindProfiles kinds;

    /// <param name="kinds">The kinds the template can prompt: the catalog's, plug-in kinds included.</param>
    public TemplatePromptFormat(string name, PromptTemplateSettings settings, string templateText, IPromptFormat parser, TaskKindProfiles kinds)
    {
        Name = name;
        this.kinds = kinds;
        this.settings = settings;
        this.parser = parser;
        prompt = Create(templateText, "template");
        document = Create(settings.Document, "document");
        documentUsesIndex = settings.Document.Contains("$index", StringComparison.Ordinal);
        goldDocument = Create(settings.GoldDocument, "goldDocument");
        example = Create(settings.Example, "example");
    }

    public string Name { get; }

    /// <summary>Every variable any of the templates may use.</summary>
    public static IReadOnlyList<string> Variables { get; } = ["instructions", "corpus", "examples", "query", "query_text", "id", "title", "text", "index", "number", "gold_documents", "answer"];

    public LoftPrompt Build(TaskSet taskSet, IReadOnlyList<Document> documents, Query query, bool allowUnanswerable = false)
    {
        var pieces = kinds[taskSet.Kind].Loft;
        if (pieces.Layout != LoftLayout.Corpus)
        {
            return parser.Build(taskSet, documents, query, allowUnanswerable);
        }

        var titles = taskSet.Corpus.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First().Title, StringComparer.Ordinal);
        string RenderDocument(Document doc, int index) => Render(document, new()
        {
            ["id"] = doc.Id, ["title"] = LoftPromptFormat.Flatten(doc.Title), ["text"] = LoftPromptFormat.Flatten(doc.Text), ["index"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var corpus = string.Join(settings.DocumentSeparator, documents.Select((d, i) => documentUsesIndex ? RenderDocument(d, i + 1) : renderedDocuments.GetValue(d, doc => RenderDocument(doc, i + 1))));
        var examples = string.Join(settings.ExampleSeparator, taskSet.FewShot.Select((e, i) => Render(example, new()
        {
            ["number"] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["query"] = LoftPromptFormat.QueryText(pieces, e.Text),
            ["gold_documents"] = string.Join("\n", e.GoldDocIds.Select(id => Render(goldDocument, new() { ["id"] = id, ["title"] = titles.GetValueOrDefault(id, string.Empty) }))),
            ["answer"] = pieces.ExampleAnswer(e),
        })));
        var text = Render(prompt, new()
        {
            ["instructions"] = LoftPromptFormat.Instructions(pieces, allowUnanswerable),
            ["corpus"] = corpus,
            ["examples"] = examples,
            ["query"] = LoftPromptFormat.QueryText(pieces, query.Text),
            ["query_text"] = LoftPromptFormat.Flatten(query.Text),
        });
        return new LoftPrompt(text, documents.Select(d => d.Id).ToList());
    }

    public IReadOnlyList<string>? Parse(TaskKind kind, string output, LoftPrompt? prompt = null) => parser.Parse(kind, output, prompt);

    private IPromptTemplate Create(string template, string field)
    {
        try
        {
            // Plain text for one user message: values go in as they are (no chat-markup escaping to undo).
            var created = new KernelPromptTemplateFactory { AllowDangerouslySetContent = true }.Create(new PromptTemplateConfig(template) { AllowDangerouslySetContent = true });

            // SK reads a template when it first renders it: render once now, so a broken one is refused before any run.
            _ = Render(created, new KernelArguments(Variables.ToDictionary(v => v, _ => (object?)string.Empty)));
            return created;
        }
        catch (Exception ex) when (ex is KernelException or KeyNotFoundException)
        {
            // Templates here are plain text with variables: there are no functions to call.
            throw new ArgumentException($"prompt template '{Name}': field '{field}' is not a template this format can render (variables only, no function calls): {ex.Message}", ex);
        }
    }

    // Templates here call no functions, so rendering completes without waiting on anything.
    private string Render(IPromptTemplate template, KernelArguments arguments)
        => template.RenderAsync(kernel, arguments).GetAwaiter().GetResult();
}
