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

    public async Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
    {
        if (HelmetRecords.FileFor(spec, problems) is not { } path)
        {
            return null;
        }

        var corpus = new SampleCorpus();
        var queries = new List<Query>();
        await foreach (var (line, record) in HelmetRecords.ReadAsync(path, problems, cancellationToken))
        {
            try
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

                queries.Add(new Query(HelmetRecords.Id(record, "id", path, line), question, answers, gold) { ContextIds = context });
            }
            catch (DatasetFormatException ex) when (problems is not null)
            {
                problems.Report(ex);
            }
        }

        return Finish(spec, path, TaskKind.Rag, corpus, queries, problems);
    }

    internal static TaskSet? Finish(DatasetSpec spec, string path, TaskKind kind, SampleCorpus corpus, List<Query> queries, DatasetProblems? problems)
    {
        if (corpus.Documents.Count == 0 || queries.Count == 0)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, "no records with passages"));
            return null;
        }

        var duplicate = queries.GroupBy(q => q.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, "id", $"duplicate record id '{duplicate.Key}'"));
            return null;
        }

        var selected = spec.MaxQueries is { } max ? queries.Take(max).ToList() : queries;
        var name = $"{Path.GetFileNameWithoutExtension(path)}";
        return TaskSet.Create(name, kind, corpus.Documents, selected, [], path);
    }
}
