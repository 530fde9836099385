using LoftCompare.Corpora.Tasks;
using LoftCompare.Corpora.Text;
using LoftCompare.Pipelines.Embeddings;

namespace LoftCompare.Pipelines.Retrieval;

/// <summary>
/// Splits documents longer than the encoder's window into sentence-aligned chunks, each carrying the title, with one
/// sentence of overlap, so no text is lost to truncation. A document that fits is one chunk.
/// </summary>
public sealed class DocumentChunker(ITokenWindow window)
{
    public IReadOnlyList<DocumentChunk> Chunk(Document document)
    {
        var whole = DenseRetriever.DocumentText(document);
        if (window.CountTokens(whole) <= window.MaxTokens)
        {
            return [new DocumentChunk(document.Id, 0, whole)];
        }

        var prefix = string.IsNullOrEmpty(document.Title) ? string.Empty : document.Title + "\n";
        var budget = window.MaxTokens - window.CountTokens(prefix);
        var pieces = SentenceSplitter.Split(document.Text).SelectMany(s => SplitLongSentence(s, budget)).ToList();
        var chunks = new List<DocumentChunk>();
        var current = new List<string>();
        foreach (var piece in pieces)
        {
            if (current.Count > 0 && window.CountTokens(prefix + string.Join(' ', current.Append(piece))) > window.MaxTokens)
            {
                chunks.Add(new DocumentChunk(document.Id, chunks.Count, prefix + string.Join(' ', current)));
                var overlap = current[^1];
                current.Clear();
                if (window.CountTokens(prefix + overlap + " " + piece) <= window.MaxTokens)
                {
                    current.Add(overlap);
                }
            }

            current.Add(piece);
        }

        if (current.Count > 0)
        {
            chunks.Add(new DocumentChunk(document.Id, chunks.Count, prefix + string.Join(' ', current)));
        }

        return chunks;
    }

    /// <summary>A sentence longer than the window is cut at word boundaries.</summary>
    private IEnumerable<string> SplitLongSentence(string sentence, int budget)
    {
        if (window.CountTokens(sentence) <= budget)
        {
            yield return sentence;
            yield break;
        }

        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = 0;
        while (start < words.Length)
        {
            var end = start + 1;
            while (end < words.Length && window.CountTokens(string.Join(' ', words[start..(end + 1)])) <= budget)
            {
                end++;
            }

            yield return string.Join(' ', words[start..end]);
            start = end;
        }
    }
}
