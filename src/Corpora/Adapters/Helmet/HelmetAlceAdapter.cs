using System.Text.Json;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Helmet;

/// <summary>
/// ALCE files as HELMET uses them for citation (ASQA, QAMPARI): <c>question</c>, <c>docs</c> (<c>title</c>,
/// <c>text</c>) and the gold — ASQA's <c>qa_pairs[].short_answers</c> or QAMPARI's <c>answers</c> (a list of alias
/// lists). The first <c>options.docs</c> documents (default all) are the record's context. ALCE names no gold passages:
/// citations are judged against the cited text (citation recall/precision).
/// </summary>
public sealed class HelmetAlceAdapter : IDatasetAdapter
{
    public string Name => "helmet-alce";

    public Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
    {
        var docsPerQuery = spec.IntOption("docs", int.MaxValue);
        return HelmetRecords.LoadAsync(spec, problems, TaskKind.Citation, (record, path, line, corpus) => ReadRecord(record, path, line, corpus, docsPerQuery), cancellationToken);
    }

    private static Query ReadRecord(JsonElement record, string path, int line, SampleCorpus corpus, int docsPerQuery)
    {
        var question = JsonlFile.RequiredString(record, "question", path, line);
        var answers = Answers(record, path, line);
        var docs = HelmetRecords.Objects(record, "docs", path, line).Take(docsPerQuery).ToList();
        var context = docs.Select((d, i) => corpus.Add(JsonlFile.OptionalString(d, "title", path, line), JsonlFile.RequiredString(d, "text", path, line), null, path, line, $"docs[{i}]")).ToList();
        return new Query(HelmetRecords.Id(record, "id", path, line), question, answers, []) { ContextIds = context };
    }

    private static List<string> Answers(JsonElement record, string path, int line)
    {
        var answers = new List<string>();
        if (record.TryGetProperty("qa_pairs", out var pairs) && pairs.ValueKind == JsonValueKind.Array)
        {
            foreach (var pair in pairs.EnumerateArray())
            {
                answers.AddRange(JsonlFile.OptionalStrings(pair, "short_answers", path, line));
            }
        }
        else if (record.TryGetProperty("answers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Array)
                {
                    answers.AddRange(item.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
                }
                else if (item.ValueKind == JsonValueKind.String)
                {
                    answers.Add(item.GetString()!);
                }
            }
        }

        return answers.Count > 0 ? answers : throw new DatasetFormatException(path, line, "qa_pairs", "no short answers (ASQA qa_pairs[].short_answers or QAMPARI answers)");
    }
}
