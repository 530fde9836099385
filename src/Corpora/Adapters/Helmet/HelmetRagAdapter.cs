using System.Text.Json;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Helmet;

/// <summary>
/// HELMET's KILT RAG files (NQ, TriviaQA, PopQA, HotpotQA): one JSON record per line with <c>question</c>,
/// <c>answers</c> and <c>ctxs</c> (<c>title</c>, <c>text</c>, <c>has_answer</c>). Each record's passages are its own
/// context, in file order, so the gold passage keeps the depth HELMET placed it at; passages with
/// <c>has_answer: true</c> are the gold documents.
/// </summary>
public sealed class HelmetRagAdapter : IDatasetAdapter
{
    public string Name => "helmet-rag";

    public Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
        => HelmetRecords.LoadAsync(spec, problems, TaskKind.Rag, ReadRecord, cancellationToken);

    private static Query ReadRecord(JsonElement record, string path, int line, SampleCorpus corpus)
    {
        var question = JsonlFile.RequiredString(record, "question", path, line);
        var answers = JsonlFile.OptionalStrings(record, "answers", path, line);
        if (answers.Count == 0)
        {
            throw new DatasetFormatException(path, line, "answers", "a RAG record needs at least one answer");
        }

        var context = new List<string>();
        var gold = new List<string>();
        var ctxs = HelmetRecords.Objects(record, "ctxs", path, line);
        for (var i = 0; i < ctxs.Count; i++)
        {
            var id = corpus.Add(JsonlFile.OptionalString(ctxs[i], "title", path, line), JsonlFile.RequiredString(ctxs[i], "text", path, line), null, path, line, $"ctxs[{i}]");
            context.Add(id);
            if (HelmetRecords.Flag(ctxs[i], "has_answer"))
            {
                gold.Add(id);
            }
        }

        return new Query(HelmetRecords.Id(record, "id", path, line), question, answers, gold) { ContextIds = context };
    }
}
