using System.Text.Json;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Squad;

/// <summary>
/// SQuAD v1.1 / v2.0 (Rajpurkar et al.), one JSON document: <c>data[]</c> articles (<c>title</c>) with
/// <c>paragraphs[]</c>, each a <c>context</c> and its questions <c>qas[]</c> (<c>id</c>, <c>question</c>,
/// <c>answers[].text</c>; v2.0 adds <c>is_impossible</c>). Every paragraph is a document (id <c>{article}-{paragraph}</c>,
/// titled by its article); every answerable question is a query whose gold is its paragraph and whose answers are the
/// distinct answer texts. v2.0's unanswerable questions are left out: every kind here needs gold to score against.
/// The path is the file itself, or a folder holding <c>{split}.json</c> (SQuAD publishes train and dev; dev is the usual
/// test split). The kind is the suite's (<c>rag</c> by default; <c>retrieval</c> scores finding the paragraph).
/// Problems name the JSON path (<c>data[0].paragraphs[3].qas[1].answers</c>): the file is one JSON document, so there
/// are no lines to name; a question id used twice is refused by the shared finish step.
/// </summary>
public sealed class SquadAdapter : IDatasetAdapter
{
    public string Name => "squad";

    public async Task<TaskSet?> LoadAsync(DatasetSpec spec, DatasetProblems? problems = null, CancellationToken cancellationToken = default)
    {
        var path = File.Exists(spec.Path) ? Path.GetFullPath(spec.Path) : Path.Combine(Path.GetFullPath(spec.Path), $"{spec.Split}.json");
        if (!File.Exists(path))
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, "file is missing"));
            return null;
        }

        if (await JsonlFile.ReadDocumentAsync(path, problems, cancellationToken) is not { } root)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, "data", "expected an object with a 'data' array of articles"));
            return null;
        }

        var kind = spec.Kind ?? TaskKind.Rag;
        var corpus = new List<Document>();
        var queries = new List<Query>();
        var article = 0;
        foreach (var entry in data.EnumerateArray())
        {
            var at = $"data[{article}]";
            var number = article++;
            string? title = null;
            IEnumerable<JsonElement> paragraphs = [];
            DatasetProblems.Collect(problems, () => (title, paragraphs) = (Text(entry, "title", at, path), Array(entry, "paragraphs", at, path)));
            var paragraph = 0;
            foreach (var item in paragraphs)
            {
                // One broken paragraph or question is one problem; the rest of the article is still read.
                var paragraphAt = $"{at}.paragraphs[{paragraph}]";
                var documentId = $"{number:D3}-{paragraph++:D3}";
                DatasetProblems.Collect(problems, () =>
                {
                    var document = new Document(documentId, title!, Text(item, "context", paragraphAt, path));
                    var qas = Array(item, "qas", paragraphAt, path);
                    corpus.Add(document);
                    var question = 0;
                    foreach (var qa in qas)
                    {
                        var qaAt = $"{paragraphAt}.qas[{question++}]";
                        DatasetProblems.Collect(problems, () =>
                        {
                            if (qa.TryGetProperty("is_impossible", out var impossible) && impossible.ValueKind == JsonValueKind.True)
                            {
                                return;
                            }

                            var answers = Array(qa, "answers", qaAt, path).Select((a, i) => Text(a, "text", $"{qaAt}.answers[{i}]", path)).Distinct(StringComparer.Ordinal).ToList();
                            var query = new Query(Text(qa, "id", qaAt, path), Text(qa, "question", qaAt, path), answers, [documentId]);
                            kind.RequireGold(query, path, 0, $"{qaAt}.answers");
                            queries.Add(query);
                        });
                    }
                });
            }
        }

        return TaskSetFinish.Create(spec, problems, path, Path.GetFileNameWithoutExtension(path), kind, corpus, queries);
    }

    private static string Text(JsonElement element, string field, string at, string path)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0
            ? value.GetString()!
            : throw new DatasetFormatException(path, 0, $"{at}.{field}", "missing, empty or not a string");

    private static IEnumerable<JsonElement> Array(JsonElement element, string field, string at, string path)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList()
            : throw new DatasetFormatException(path, 0, $"{at}.{field}", "missing or not an array");
}
