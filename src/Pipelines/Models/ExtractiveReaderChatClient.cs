using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Text;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Corpora.Text;
using LoftCompare.Pipelines.Embeddings;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Pipelines.Retrieval;
using Microsoft.Extensions.AI;

namespace LoftCompare.Pipelines.Models;

/// <summary>
/// The embedded default "model": an extractive reader on a sentence encoder, not a generative LLM. It reads the
/// documents and the query out of a LOFT prompt, ranks documents (retrieval) or sentences (RAG) by embedding
/// similarity, and for fill-in-the-blank queries extracts the span by aligning the words around the blank.
/// It answers in LOFT's <c>Final Answer: [...]</c> format so it is scored exactly like an LLM would be.
/// </summary>
public sealed class ExtractiveReaderChatClient : IChatClient
{
    public const string ModelId = "extractive-minilm";

    /// <summary>How this model is labelled wherever it appears, so nobody mistakes it for an LLM.</summary>
    public const string Label = "extractive reader on all-MiniLM-L6-v2 (not a generative LLM)";

    private const int SentencesToAlign = 10;

    private readonly IEmbeddingGenerator<string, Embedding<float>> embeddings;
    private readonly ChatClientMetadata metadata = new("loftcompare-extractive", null, ModelId);
    private readonly TaskKindProfiles kinds;

    /// <param name="kinds">The kinds it may be asked to do, each with its <see cref="TaskKindProfile.Reader"/> skill: the catalog's, plug-in kinds included.</param>
    public ExtractiveReaderChatClient(IEmbeddingGenerator<string, Embedding<float>> embeddings, TaskKindProfiles kinds)
    {
        this.embeddings = embeddings;
        this.kinds = kinds;
    }

    /// <summary>How many nearest demonstrations vote on an ICL label.</summary>
    private const int Neighbours = 7;

    /// <summary>The longest answer the reader gives when it found no name or number to answer with.</summary>
    private const int FallbackWords = 12;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = string.Join("\n", messages.Where(m => m.Role == ChatRole.User).Select(m => m.Text));
        var skill = SkillFor(options, prompt);
        var tally = new EncodingTally();
        if (skill.Action == ReaderAction.Classify)
        {
            return Reply(await ClassifyAsync(prompt, tally, cancellationToken), null, tally);
        }

        // LOFT prompts are read as LOFT; HELMET and RULER prompts are read plainly and answered in their style.
        var documents = LoftPromptReader.Documents(prompt);
        var query = LoftPromptReader.Query(prompt);
        var plain = documents.Count == 0;
        if (plain)
        {
            (documents, query) = PlainPromptReader.Read(prompt);
        }

        if (documents.Count == 0 || query.Length == 0)
        {
            throw new NotSupportedException($"The {Label} needs a prompt with documents and a query (LOFT, HELMET or RULER format).");
        }

        var mayDecline = prompt.Contains(LoftPromptFormat.UnanswerableInstruction, StringComparison.Ordinal) || prompt.Contains(HelmetPromptFormat.UnanswerableInstruction, StringComparison.Ordinal);
        var (text, confidence) = skill.Action == ReaderAction.Rank
            ? (await RankDocumentsAsync(documents, query, skill.ListLength, plain, tally, cancellationToken), null)
            : await ExtractAnswerAsync(documents, query, mayDecline, cite: skill.Action == ReaderAction.ExtractAndCite, plain, tally, cancellationToken);
        return Reply(text, confidence, tally);
    }

    private static ChatResponse Reply(string text, double? confidence, EncodingTally tally)
    {
        var properties = new AdditionalPropertiesDictionary();
        if (confidence is { } c)
        {
            properties[ChatProperties.Confidence] = c; // the cosine similarity of the sentence it read the answer from to the query
        }

        if (tally.Encoded > 0)
        {
            properties[ChatProperties.EncodingsCached] = (double)tally.Cached / tally.Encoded;
        }

        return new(new ChatMessage(ChatRole.Assistant, text)) { ModelId = ModelId, FinishReason = ChatFinishReason.Stop, AdditionalProperties = properties };
    }

    /// <summary>The corpus texts one answer encoded, and how many of them a cache served.</summary>
    private sealed class EncodingTally
    {
        public int Encoded { get; private set; }

        public int Cached { get; private set; }

        public GeneratedEmbeddings<Embedding<float>> Add(GeneratedEmbeddings<Embedding<float>> embeddings)
        {
            Encoded += embeddings.Count;
            Cached += CachedEmbeddings.CountOf(embeddings);
            return embeddings;
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType == typeof(ChatClientMetadata) ? metadata
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : null;

    public void Dispose()
    {
    }

    /// <summary>What the kind named in the options asks of the reader (its profile's skill); without one, a ranking when the prompt asks for ids, else an extracted answer.</summary>
    private ReaderSkill SkillFor(ChatOptions? options, string prompt)
    {
        if (options?.AdditionalProperties?.TryGetValue(ChatProperties.TaskKind, out var value) == true)
        {
            if (kinds.TryParse(value?.ToString(), out var kind) && kinds[kind].Reader is { Action: not ReaderAction.None } skill)
            {
                return skill;
            }

            throw new TaskKindNotSupportedException($"The {Label} cannot do task kind '{value}'.");
        }

        return prompt.Contains("format the IDs into a list", StringComparison.Ordinal) ? kinds[TaskKind.Retrieval].Reader : kinds[TaskKind.Rag].Reader;
    }

    /// <summary>
    /// Many-shot ICL by nearest neighbours: the demonstrations most similar to the input vote for their labels,
    /// weighted by similarity. With the whole corpus in context it sees every demonstration; with RAG only those retrieved.
    /// </summary>
    private async Task<string> ClassifyAsync(string prompt, EncodingTally tally, CancellationToken cancellationToken)
    {
        var loft = prompt.Contains(LoftPromptFormat.StartMarker, StringComparison.Ordinal);
        var (demonstrations, input) = loft ? IclPromptReader.Read(prompt) : PlainPromptReader.ReadIcl(prompt);
        if (demonstrations.Count == 0 || input.Length == 0)
        {
            throw new NotSupportedException($"The {Label} needs an ICL prompt with labelled demonstrations and an input to label (LOFT 'Output:' or HELMET 'label:').");
        }

        var vectors = tally.Add(await embeddings.GenerateAsync(demonstrations.Select(d => d.Input), cancellationToken: cancellationToken));
        var queryVector = await EmbedQueryAsync(input, cancellationToken);
        var label = Enumerable.Range(0, demonstrations.Count)
            .Select(i => (demonstrations[i].Label, Score: TensorPrimitives.Dot(queryVector.Span, vectors[i].Vector.Span)))
            .OrderByDescending(n => n.Score)
            .Take(Neighbours)
            .GroupBy(n => n.Label, StringComparer.Ordinal)
            .Select(g => (Label: g.Key, Votes: g.Sum(n => n.Score)))
            .OrderByDescending(g => g.Votes)
            .ThenBy(g => g.Label, StringComparer.Ordinal)
            .First().Label;
        return loft ? $"{LoftPromptFormat.IclAnswerMarker} {LoftPromptFormat.FormatList([label], quote: true)}" : $"label: {label}";
    }

    private async Task<string> RankDocumentsAsync(IReadOnlyList<Document> documents, string query, int listLength, bool plain, EncodingTally tally, CancellationToken cancellationToken)
    {
        var sentences = documents.Select(d => SentenceSplitter.Split(d.Text)).ToList();
        var texts = new List<string>();
        texts.AddRange(documents.Select(DenseRetriever.DocumentText));
        texts.AddRange(sentences.SelectMany(s => s));
        var vectors = tally.Add(await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken));
        var queryVector = await EmbedQueryAsync(query, cancellationToken);

        // A document scores by its whole text and by its best sentence: long passages are not drowned out.
        var scores = new float[documents.Count];
        var next = documents.Count;
        for (var d = 0; d < documents.Count; d++)
        {
            var best = float.MinValue;
            foreach (var _ in sentences[d])
            {
                best = Math.Max(best, TensorPrimitives.Dot(queryVector.Span, vectors[next++].Vector.Span));
            }

            var whole = TensorPrimitives.Dot(queryVector.Span, vectors[d].Vector.Span);
            scores[d] = sentences[d].Count == 0 ? whole : (0.5f * whole) + (0.5f * best);
        }

        var ranked = Enumerable.Range(0, documents.Count).OrderByDescending(d => scores[d]).ThenBy(d => d).Take(listLength).ToList();
        if (plain)
        {
            return $"Ranking: {string.Join(" > ", ranked.Select(d => documents[d].Id))}";
        }

        var output = new StringBuilder();
        foreach (var d in ranked)
        {
            output.Append("ID: ").Append(documents[d].Id).Append(" | TITLE: ").AppendLine(documents[d].Title);
        }

        output.Append(LoftPromptFormat.FinalAnswerMarker).Append(' ').Append(LoftPromptFormat.FormatList(ranked.Select(d => documents[d].Id).ToList(), quote: false));
        return output.ToString();
    }

    private async Task<(string Text, double? Confidence)> ExtractAnswerAsync(IReadOnlyList<Document> documents, string query, bool mayDecline, bool cite, bool plain, EncodingTally tally, CancellationToken cancellationToken)
    {
        var pattern = ClozePattern(query);
        var candidates = documents.SelectMany(d => SentenceSplitter.Split(d.Text).Select(s => (Document: d, Sentence: s))).ToList();
        var vectors = tally.Add(await embeddings.GenerateAsync(candidates.Select(c => c.Sentence), cancellationToken: cancellationToken));
        var queryVector = await EmbedQueryAsync(pattern ?? query, cancellationToken);
        var ranked = Enumerable.Range(0, candidates.Count)
            .Select(i => (Index: i, Score: TensorPrimitives.Dot(queryVector.Span, vectors[i].Vector.Span)))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Index)
            .ToList();
        if (ranked.Count == 0)
        {
            return (plain ? "Answer:" : $"{LoftPromptFormat.FinalAnswerMarker} []", null);
        }

        var (answer, source, sentence) = (FallbackSpan(candidates[ranked[0].Index].Sentence, query), candidates[ranked[0].Index].Document, candidates[ranked[0].Index].Sentence);
        double confidence = ranked[0].Score;
        if (pattern is not null)
        {
            var bestMatched = 0;
            foreach (var (index, _) in ranked.Take(SentencesToAlign))
            {
                if (ClozeAligner.Fill(pattern, candidates[index].Sentence) is { } fill && fill.MatchedWords > bestMatched)
                {
                    (answer, source, sentence, bestMatched) = (fill.Span, candidates[index].Document, candidates[index].Sentence, fill.MatchedWords);
                    confidence = ranked.First(r => r.Index == index).Score;
                }
            }

            // Allowed to decline (Self-Route), the reader does so when no sentence it was given fits the blank.
            if (mayDecline && bestMatched == 0)
            {
                return (plain ? $"Answer: {LoftPromptFormat.Unanswerable}" : $"{LoftPromptFormat.FinalAnswerMarker} {LoftPromptFormat.FormatList([LoftPromptFormat.Unanswerable], quote: true)}", confidence);
            }
        }

        // Citing, it answers with the sentence it read the answer from and cites that sentence's document.
        var final = cite ? $"{sentence.TrimEnd()} [{source.Id}]" : answer;
        if (plain)
        {
            return ($"Answer: {final}", confidence);
        }

        return ($"ID: {source.Id} | TITLE: {source.Title}\n{LoftPromptFormat.FinalAnswerMarker} {LoftPromptFormat.FormatList([final], quote: true)}", confidence);
    }

    private async Task<ReadOnlyMemory<float>> EmbedQueryAsync(string query, CancellationToken cancellationToken)
        => (await embeddings.GenerateAsync([query], EmbeddingInputType.ForQueries(), cancellationToken))[0].Vector;

    /// <summary>The quoted sentence holding the blank, if the query is a fill-in-the-blank question.</summary>
    private static string? ClozePattern(string query)
    {
        var blank = query.IndexOf(ClozeAligner.Blank, StringComparison.Ordinal);
        if (blank < 0)
        {
            return null;
        }

        var open = query.LastIndexOf('"', blank);
        var close = query.IndexOf('"', blank);
        return open >= 0 && close > open ? query[(open + 1)..close] : query;
    }

    /// <summary>
    /// Without a blank to align, answer with the sentence's first name or number that the query does not already
    /// contain; failing that, with the sentence's first <see cref="FallbackWords"/> words — never a whole passage, which
    /// would "find" answers by quoting the context (RULER's substring metrics reward that).
    /// </summary>
    private static string FallbackSpan(string sentence, string query)
    {
        foreach (var word in Words.Find(sentence).Skip(1))
        {
            if ((char.IsUpper(word.Text[0]) || char.IsDigit(word.Text[0])) && !query.Contains(word.Text, StringComparison.OrdinalIgnoreCase))
            {
                return word.Text;
            }
        }

        var words = Words.Find(sentence);
        return words.Count <= FallbackWords ? sentence : sentence[..words[FallbackWords - 1].End];
    }
}
