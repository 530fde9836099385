using System.Diagnostics;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;
using LoftCompare.Corpora.Tables;
using LoftCompare.Pipelines.Retrieval;
using LoftCompare.Pipelines.Sql;

namespace LoftCompare.Pipelines.Running;

/// <summary>
/// Retrieve the top-k documents, then have a short-context reader answer from them in the same prompt format.
/// For retrieval tasks the retriever's ranking is the prediction (LOFT's retrieval baseline) and no model is called.
/// For SQL tasks the reader writes one query against the retrieved tables' schemas, which is run read-only and
/// time-limited in SQLite; its rows are the prediction, and a query that fails scores zero with the reason noted.
/// </summary>
/// <param name="allowUnanswerable">Let the reader answer "unanswerable" (the first leg of Self-Route).</param>
/// <param name="kinds">How each kind is answered after retrieval (<see cref="TaskKindProfile.Rag"/>); the catalog's kinds, plug-ins' included.</param>
public sealed class RagPipeline(IRetriever retriever, int topK, ModelCall reader, string readerModelId, IPromptFormat format, TaskKindProfiles kinds, bool allowUnanswerable = false) : IPipeline
{

    public const string PipelineName = "rag";

    /// <summary>How long a reader's SQL may run before it is interrupted.</summary>
    public static readonly TimeSpan SqlTimeLimit = TimeSpan.FromSeconds(5);

    public string Name => PipelineName;

    public string ModelIdFor(TaskKind kind) => kinds[kind].Rag == RagStep.RetrieverAnswers ? retriever.Name : readerModelId;

    public Task PrepareAsync(TaskSet taskSet, CancellationToken cancellationToken = default)
        => retriever.IndexAsync(taskSet.Corpus, cancellationToken);

    /// <summary>Embedding the corpus once (by the run's tokenizer), when the retriever embeds; whether the index was already on disk does not change the work priced.</summary>
    public SetupWork DescribeSetup(TaskSet taskSet)
        => retriever.EmbedsText ? new SetupWork(taskSet.Corpus.Sum(d => (long)reader.CountTokens(d.Title) + reader.CountTokens(d.Text))) : SetupWork.None;

    public async Task<PipelineOutput> RunAsync(TaskSet taskSet, Query query, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var retrieved = await RetrieveAsync(taskSet, query, cancellationToken);
        var retrievalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var retrievedIds = retrieved.Select(r => r.Document.Id).ToList();
        var embedded = retriever.EmbedsText ? reader.CountTokens(query.Text) : 0;
        var step = kinds[taskSet.Kind].Rag;
        if (step == RagStep.RetrieverAnswers)
        {
            var ranking = $"{LoftPromptFormat.FinalAnswerMarker} {LoftPromptFormat.FormatList(retrievedIds, quote: false)}";
            return new PipelineOutput(ranking, retrievedIds, retrievedIds, 0, 0, retrievalMs, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ModelCalled: false, EmbeddedTokens: embedded);
        }

        if (step == RagStep.QueryTables)
        {
            return await AnswerWithSqlAsync(taskSet, query, retrieved.Select(r => r.Document).ToList(), retrievedIds, retrievalMs, started, cancellationToken) with { EmbeddedTokens = embedded };
        }

        var prompt = format.Build(taskSet, retrieved.Select(r => r.Document).ToList(), query, allowUnanswerable);
        var reply = await reader.SendAsync(taskSet.Kind, prompt.Text, cancellationToken);
        reply = reply with { Parsed = format.Parse(taskSet.Kind, reply.Output, prompt) };
        return PipelineOutput.From(readerModelId, reply, retrievedIds, retrievalMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds) with { EmbeddedTokens = embedded };
    }

    /// <summary>The top-k of the corpus, or of the query's own context when it has one (one filtered search).</summary>
    private async Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(TaskSet taskSet, Query query, CancellationToken cancellationToken)
    {
        if (query.ContextIds.Count == 0)
        {
            return await retriever.RetrieveAsync(taskSet.Corpus, query.Text, topK, cancellationToken);
        }

        return await retriever.RetrieveWithinAsync(taskSet.Corpus, query.Text, topK, query.ContextIds.ToHashSet(StringComparer.Ordinal), cancellationToken);
    }

    private async Task<PipelineOutput> AnswerWithSqlAsync(TaskSet taskSet, Query query, IReadOnlyList<Document> documents, IReadOnlyList<string> retrievedIds, double retrievalMs, long started, CancellationToken cancellationToken)
    {
        var tables = documents.Select(d => CsvTable.Parse(d.Title, d.Text)).ToList();
        var reply = await reader.SendAsync(taskSet.Kind, TextToSqlPrompt.Build(tables, taskSet.FewShot, query), cancellationToken);
        var sql = TextToSqlPrompt.ExtractSql(reply.Output);
        string? note = null;
        IReadOnlyList<string> rows = [];
        try
        {
            using var database = SqlTableDatabase.Create(tables);
            rows = database.Query(sql, SqlTimeLimit).Select(FinalAnswerParser.JsonRow).ToList();
        }
        catch (SqlExecutionException ex)
        {
            note = $"the reader's SQL failed: {ex.Message}";
        }

        return PipelineOutput.From(readerModelId, reply with { Parsed = rows }, retrievedIds, retrievalMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds, note);
    }
}
