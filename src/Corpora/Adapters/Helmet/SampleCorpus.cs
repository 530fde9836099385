using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Helmet;

/// <summary>
/// HELMET gives every sample its own passages. They are pooled into one corpus (identical passages stored once, so
/// they are embedded once) and each query keeps the ids of its own passages, in order, as its context.
/// </summary>
internal sealed class SampleCorpus
{
    private readonly Dictionary<(string Title, string Text), string> idsByContent = new();
    private readonly Dictionary<string, Document> byId = new(StringComparer.Ordinal);

    public List<Document> Documents { get; } = [];

    /// <summary>The id of this passage, adding it when new; <paramref name="id"/> is kept when the source gives one.</summary>
    public string Add(string title, string text, string? id, string file, int line, string field)
    {
        if (id is not null)
        {
            if (byId.TryGetValue(id, out var existing))
            {
                return existing.Title == title && existing.Text == text ? id : throw new DatasetFormatException(file, line, field, $"passage id '{id}' was used before for a different passage");
            }

            return Store(new Document(id, title, text));
        }

        return idsByContent.TryGetValue((title, text), out var known) ? known : Store(new Document($"p{Documents.Count + 1:D6}", title, text));
    }

    private string Store(Document document)
    {
        Documents.Add(document);
        byId[document.Id] = document;
        idsByContent.TryAdd((document.Title, document.Text), document.Id);
        return document.Id;
    }
}
