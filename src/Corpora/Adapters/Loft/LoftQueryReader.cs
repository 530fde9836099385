using System.Text.Json;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Adapters.Loft;

/// <summary>
/// Reads LOFT query records (<c>qid</c>, <c>query_text</c>, <c>answers</c>, <c>metadata</c>) for every family: answer
/// strings, <c>[pid, relevance]</c> pairs, SQL result rows, ICL labels wrapped in lists, multi-turn lists, and the
/// metadata LOFT and our extensions carry (<c>qrels</c>, <c>sql_query</c>, <c>candidate_pids</c>, <c>context_pids</c>),
/// checking every referenced document against the corpus when one is given.
/// </summary>
internal static class LoftQueryReader
{
    public static async Task<List<Query>> ReadAsync(string path, TaskKind kind, UniqueIds? documentIds, DatasetProblems? problems, CancellationToken cancellationToken)
    {
        var seen = new UniqueIds(path, "qid");
        var records = await JsonlFile.ReadAllAsync(path, problems, (record, line) => ReadQuery(record, path, line, kind, documentIds, seen).ToList(), cancellationToken);
        return [.. records.SelectMany(turns => turns)];
    }

    /// <summary>One query, or one per turn for a multi-turn record (<c>query_text</c> and <c>answers</c> as lists per turn).</summary>
    private static IEnumerable<Query> ReadQuery(JsonElement record, string path, int line, TaskKind kind, UniqueIds? documentIds, UniqueIds seen)
    {
        var id = JsonlFile.RequiredString(record, "qid", path, line);
        seen.Add(id, line);

        var metadata = Metadata(record, path, line);
        var qrels = ReadQrels(metadata, path, line);
        var candidates = metadata is { } m ? JsonlFile.OptionalStrings(m, "candidate_pids", path, line) : [];
        var context = metadata is { } c ? JsonlFile.OptionalStrings(c, "context_pids", path, line) : [];
        var goldSql = metadata is { } s && s.TryGetProperty("sql_query", out var sql) && sql.ValueKind == JsonValueKind.String ? sql.GetString() : null;
        documentIds?.RequireAll(qrels?.Select(q => q.Id) ?? [], path, line, "metadata.qrels");
        documentIds?.RequireAll(candidates, path, line, "metadata.candidate_pids");
        documentIds?.RequireAll(context, path, line, "metadata.context_pids");

        if (record.TryGetProperty("query_text", out var text) && text.ValueKind == JsonValueKind.Array)
        {
            return ReadTurns(record, text, id, path, line, kind, qrels, candidates).Select(t => t with { ContextIds = context }).ToList();
        }

        var query = ReadTurn(id, JsonlFile.RequiredString(record, "query_text", path, line), Answers(record, path, line), "answers", path, line, kind, qrels, documentIds);
        if (context.Count > 0 && query.GoldDocIds.FirstOrDefault(g => !context.Contains(g, StringComparer.Ordinal)) is { } outside)
        {
            throw new DatasetFormatException(path, line, "metadata.context_pids", $"gold document '{outside}' is not in the query's own context");
        }

        return [query with { GoldSql = goldSql, CandidateIds = candidates, ContextIds = context }];
    }

    /// <summary>
    /// LOFT's multi-turn records (e.g. SParC) become one query per turn, <c>{qid}#{turn}</c>; a later turn carries the
    /// earlier questions so it can be answered on its own.
    /// </summary>
    private static List<Query> ReadTurns(JsonElement record, JsonElement texts, string id, string path, int line, TaskKind kind, List<(string Id, int Relevance)>? qrels, IReadOnlyList<string> candidates)
    {
        var answers = Answers(record, path, line);
        if (answers.GetArrayLength() != texts.GetArrayLength())
        {
            throw new DatasetFormatException(path, line, "answers", $"a multi-turn record needs one answer list per turn: {texts.GetArrayLength()} turns, {answers.GetArrayLength()} answer lists");
        }

        var turns = new List<Query>();
        var earlier = new List<string>();
        for (var turn = 0; turn < texts.GetArrayLength(); turn++)
        {
            if (texts[turn].ValueKind != JsonValueKind.String)
            {
                throw new DatasetFormatException(path, line, $"query_text[{turn}]", $"expected a string, found {texts[turn].ValueKind}");
            }

            var question = texts[turn].GetString()!;
            var context = earlier.Count == 0 ? question : $"Earlier questions in this conversation: {string.Join(" | ", earlier)}\nNow: {question}";
            turns.Add(ReadTurn($"{id}#{turn}", context, answers[turn], $"answers[{turn}]", path, line, kind, qrels, documentIds: null) with { CandidateIds = candidates });
            earlier.Add(question);
        }

        return turns;
    }

    private static Query ReadTurn(string id, string text, JsonElement answers, string field, string path, int line, TaskKind kind, List<(string Id, int Relevance)>? qrels, UniqueIds? documentIds)
    {
        if (answers.ValueKind != JsonValueKind.Array)
        {
            throw new DatasetFormatException(path, line, field, $"expected an array, found {answers.ValueKind}");
        }

        if (kind.Gold == KindGold.Rows)
        {
            var tableQuery = new Query(id, text, [], qrels?.Select(q => q.Id).ToList() ?? []) { Rows = ReadRows(answers, field, path, line) };
            kind.RequireGold(tableQuery, path, line, field);
            return tableQuery;
        }

        // LOFT writes many-shot ICL targets one level deeper than other answers.
        var (strings, answerDocs) = ReadAnswers(answers, field, path, line, nestedStrings: kind == TaskKind.Icl);
        var gold = qrels ?? answerDocs;
        documentIds?.RequireAll(answerDocs.Select(a => a.Id), path, line, field);

        var query = new Query(id, text, strings, gold.Select(g => g.Id).ToList())
        {
            Relevance = kind.Gold == KindGold.GradedDocuments ? gold.GroupBy(g => g.Id).ToDictionary(g => g.Key, g => g.Max(x => x.Relevance), StringComparer.Ordinal) : new Dictionary<string, int>(),
        };
        kind.RequireGold(query, path, line, kind.Gold is KindGold.Documents or KindGold.GradedDocuments ? "metadata.qrels" : field);
        return query;
    }

    private static JsonElement Answers(JsonElement record, string path, int line)
        => record.TryGetProperty("answers", out var answers) ? answers : throw new DatasetFormatException(path, line, "answers", "missing");

    /// <summary>SQL gold: a list of rows, each a list of cells (strings or numbers); a bare cell is a one-cell row.</summary>
    private static List<IReadOnlyList<string>> ReadRows(JsonElement answers, string field, string path, int line)
    {
        var rows = new List<IReadOnlyList<string>>();
        var index = 0;
        foreach (var row in answers.EnumerateArray())
        {
            rows.Add(row.ValueKind == JsonValueKind.Array
                ? row.EnumerateArray().Select((cell, c) => Cell(cell, $"{field}[{index}][{c}]", path, line)).ToList()
                : [Cell(row, $"{field}[{index}]", path, line)]);
            index++;
        }

        return rows;
    }

    private static string Cell(JsonElement cell, string field, string path, int line) => cell.ValueKind switch
    {
        JsonValueKind.String => cell.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => cell.GetRawText(),
        JsonValueKind.Null => string.Empty,
        _ => throw new DatasetFormatException(path, line, field, $"expected a cell value, found {cell.ValueKind}"),
    };

    /// <summary>RAG files hold answer strings; retrieval files hold <c>[pid, relevance]</c> pairs; LOFT ICL wraps each label in a list (<c>[["(D)"]]</c>).</summary>
    private static (List<string> Answers, List<(string Id, int Relevance)> DocIds) ReadAnswers(JsonElement answers, string field, string path, int line, bool nestedStrings)
    {
        var strings = new List<string>();
        var docIds = new List<(string, int)>();
        var index = 0;
        foreach (var item in answers.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    strings.Add(item.GetString()!);
                    break;
                case JsonValueKind.Number:
                    strings.Add(item.GetRawText());
                    break;
                case JsonValueKind.Array when nestedStrings:
                    strings.AddRange(item.EnumerateArray().Select((s, i) => Cell(s, $"{field}[{index}][{i}]", path, line)));
                    break;
                case JsonValueKind.Array:
                    docIds.Add(ReadQrelPair(item, path, line, $"{field}[{index}]"));
                    break;
                default:
                    throw new DatasetFormatException(path, line, $"{field}[{index}]", $"expected a string or a [pid, relevance] pair, found {item.ValueKind}");
            }

            index++;
        }

        return (strings, docIds);
    }

    private static JsonElement? Metadata(JsonElement record, string path, int line)
    {
        if (!record.TryGetProperty("metadata", out var metadata) || metadata.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return metadata.ValueKind == JsonValueKind.Object ? metadata : throw new DatasetFormatException(path, line, "metadata", $"expected an object, found {metadata.ValueKind}");
    }

    private static List<(string Id, int Relevance)>? ReadQrels(JsonElement? metadata, string path, int line)
    {
        if (metadata is not { } m || !m.TryGetProperty("qrels", out var qrels) || qrels.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (qrels.ValueKind != JsonValueKind.Array)
        {
            throw new DatasetFormatException(path, line, "metadata.qrels", $"expected an array of [pid, relevance] pairs, found {qrels.ValueKind}");
        }

        var ids = new List<(string, int)>();
        var index = 0;
        foreach (var pair in qrels.EnumerateArray())
        {
            ids.Add(ReadQrelPair(pair, path, line, $"metadata.qrels[{index++}]"));
        }

        return ids;
    }

    private static (string Id, int Relevance) ReadQrelPair(JsonElement pair, string path, int line, string field)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
        {
            throw new DatasetFormatException(path, line, field, "expected a [pid, relevance] pair");
        }

        var id = pair[0];
        if (id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            throw new DatasetFormatException(path, line, field, $"pid must be a string, found {id.ValueKind}");
        }

        if (pair[1].ValueKind != JsonValueKind.Number)
        {
            throw new DatasetFormatException(path, line, field, $"relevance must be a number, found {pair[1].ValueKind}");
        }

        var relevance = pair[1].TryGetInt32(out var grade) ? grade : (int)Math.Round(pair[1].GetDouble());
        return (id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText(), relevance);
    }
}
