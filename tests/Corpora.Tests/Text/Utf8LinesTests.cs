using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Tests.Adapters;
using LoftCompare.Corpora.Text;

namespace LoftCompare.Corpora.Tests.Text;

public sealed class Utf8LinesTests
{
    [Fact]
    public async Task A_line_that_is_not_utf8_is_reported_with_its_own_number_and_the_rest_still_read()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path_, "lines.txt");
        // A BOM, a CRLF line, then Latin-1 "café" (0xE9 alone is not UTF-8), then a line after a long one.
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "first\r\n"u8, .. "caf"u8, 0xE9, .. "\n"u8, .. new string('x', 70_000).Select(c => (byte)c), .. "\nlast"u8];
        await File.WriteAllBytesAsync(path, bytes);

        var lines = await Utf8Lines.ReadAsync(path).ToListAsync();

        Assert.Equal(4, lines.Count);
        Assert.Equal((1, "first", (string?)null), lines[0]);
        Assert.Equal((2, (string?)null), (lines[1].LineNumber, lines[1].Text));
        Assert.Contains("not valid UTF-8 at byte 4", lines[1].Error);
        Assert.Equal(70_000, lines[2].Text!.Length);
        Assert.Equal((4, "last"), (lines[3].LineNumber, lines[3].Text));
    }

    [Fact]
    public async Task A_corpus_with_invalid_utf8_fails_validation_naming_the_file_and_line()
    {
        using var folder = new TempFolder(Path.Combine("rag", "latin1", "32k"));
        var corpus = Path.Combine(folder.Path_, "corpus.jsonl");
        byte[] bad = [.. """{"pid": "doc1", "title_text": "", "passage_text": "fine"}"""u8, .. "\n"u8, .. """{"pid": "doc2", "title_text": "", "passage_text": "caf"""u8, 0xE9, .. "\"}\n"u8];
        await File.WriteAllBytesAsync(corpus, bad);
        folder.Write("test_queries.jsonl", """{"qid": "q1", "query_text": "q", "answers": ["fine"], "metadata": {"qrels": [["doc1", 1]]}}""");

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_)));

        Assert.Contains($"{corpus}:2", error.Message);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public async Task A_line_over_the_limit_is_refused_with_its_number_and_not_held_and_the_rest_still_read()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path_, "lines.txt");
        // Line 2 spans many read buffers (64 KiB each) and passes the limit mid-way; line 3 lands right at it.
        await File.WriteAllTextAsync(path, "short\n" + new string('x', 300_000) + "\n" + new string('y', 100_000) + "\nlast");

        var lines = await Utf8Lines.ReadAsync(path, maxLineBytes: 100_000).ToListAsync();

        Assert.Equal(4, lines.Count);
        Assert.Equal((1, "short"), (lines[0].LineNumber, lines[0].Text));
        Assert.Equal((2, (string?)null), (lines[1].LineNumber, lines[1].Text));
        Assert.Equal("the line is 0.3 MiB, over the 0.1 MiB a line may hold; split the document or pass a shorter one", lines[1].Error);
        Assert.Equal(100_000, lines[2].Text!.Length);
        Assert.Equal((4, "last"), (lines[3].LineNumber, lines[3].Text));
    }

    [Fact]
    public async Task A_corpus_document_over_the_limit_fails_validation_naming_the_file_and_line()
    {
        using var folder = new TempFolder(Path.Combine("rag", "huge", "32k"));
        var corpus = Path.Combine(folder.Path_, "corpus.jsonl");
        await File.WriteAllTextAsync(corpus, "{\"pid\": \"doc1\", \"title_text\": \"\", \"passage_text\": \"fine\"}\n{\"pid\": \"doc2\", \"title_text\": \"\", \"passage_text\": \"" + new string('z', Utf8Lines.DefaultMaxLineBytes + 10) + "\"}\n");
        folder.Write("test_queries.jsonl", """{"qid": "q1", "query_text": "q", "answers": ["fine"], "metadata": {"qrels": [["doc1", 1]]}}""");

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", folder.Path_)));

        Assert.Contains($"{corpus}:2", error.Message);
        Assert.Contains("over the 16 MiB a line may hold", error.Message);
    }
}
