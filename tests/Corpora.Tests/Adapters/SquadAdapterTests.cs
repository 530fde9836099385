using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Adapters;

/// <summary>SQuAD v2.0's published schema: paragraphs become documents, answerable questions queries with their paragraph as gold.</summary>
public sealed class SquadAdapterTests
{
    private const string Squad = """
        {"version": "v2.0", "data": [
          {"title": "Normans", "paragraphs": [
            {"context": "The Normans were the people who in the 10th and 11th centuries gave their name to Normandy, a region in France.",
             "qas": [
               {"question": "In what country is Normandy located?", "id": "56ddde6b9a695914005b9628", "answers": [{"text": "France", "answer_start": 104}, {"text": "France", "answer_start": 104}], "is_impossible": false},
               {"question": "Who gave their name to Normandy in the 1000's and 1100's", "id": "5ad39d53604f3c001a3fe8d1", "answers": [], "plausible_answers": [{"text": "Normans", "answer_start": 4}], "is_impossible": true}]},
            {"context": "Rollo, a Viking leader, swore fealty to King Charles III of West Francia.",
             "qas": [{"question": "Who did Rollo swear fealty to?", "id": "56dddf4066d3e219004dad5f", "answers": [{"text": "King Charles III", "answer_start": 40}, {"text": "Charles III", "answer_start": 45}]}]}]},
          {"title": "Computational complexity theory", "paragraphs": [
            {"context": "A problem is regarded as inherently difficult if its solution requires significant resources.",
             "qas": [{"question": "What makes a problem inherently difficult?", "id": "56e1a38de3433e1400422fd2", "answers": [{"text": "its solution requires significant resources", "answer_start": 50}]}]}]}
        ]}
        """;

    [Fact]
    public async Task Paragraphs_become_documents_and_answerable_questions_queries_with_their_paragraph_as_gold()
    {
        using var folder = new TempFolder();
        folder.Write("dev.json", Squad);

        var set = await DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).Get("squad").LoadOrThrowAsync(new DatasetSpec("squad", folder.Path_, Split: "dev"));

        Assert.Equal((TaskKind.Rag, 3), (set.Kind, set.Corpus.Count));
        Assert.Equal(["000-000", "000-001", "001-000"], set.Corpus.Select(d => d.Id));
        Assert.Equal("Computational complexity theory", set.Corpus[2].Title);
        // The unanswerable v2.0 question is left out; duplicate answer texts are kept once.
        Assert.Equal(["56ddde6b9a695914005b9628", "56dddf4066d3e219004dad5f", "56e1a38de3433e1400422fd2"], set.Queries.Select(q => q.Id));
        Assert.Equal(["France"], set.Queries[0].Answers);
        Assert.Equal(["King Charles III", "Charles III"], set.Queries[1].Answers);
        Assert.Equal([["000-000"], ["000-001"], ["001-000"]], set.Queries.Select(q => q.GoldDocIds));
    }

    [Fact]
    public async Task Every_broken_paragraph_or_question_is_reported_by_its_json_path_and_the_rest_still_read()
    {
        using var folder = new TempFolder();
        var path = folder.Write("dev.json", Squad
            .Replace("\"context\": \"Rollo", "\"contents\": \"Rollo", StringComparison.Ordinal)
            .Replace("{\"text\": \"France\", \"answer_start\": 104}, ", string.Empty, StringComparison.Ordinal)
            .Replace("{\"text\": \"France\", \"answer_start\": 104}", "{\"answer_start\": 104}", StringComparison.Ordinal));
        var problems = new DatasetProblems();

        var set = await new LoftCompare.Corpora.Adapters.Squad.SquadAdapter().LoadAsync(new DatasetSpec("squad", path), problems);

        Assert.Equal(
            ["data[0].paragraphs[0].qas[0].answers[0].text", "data[0].paragraphs[1].context"],
            problems.Items.Select(p => p.Field));
        Assert.All(problems.Items, p => Assert.Equal(path, p.File));
        Assert.Equal(["000-000", "001-000"], set!.Corpus.Select(d => d.Id));
        Assert.Equal(["56e1a38de3433e1400422fd2"], set.Queries.Select(q => q.Id));
    }

    [Fact]
    public async Task A_question_id_used_twice_is_refused_by_the_shared_finish_step()
    {
        using var folder = new TempFolder();
        var path = folder.Write("dev.json", Squad.Replace("\"id\": \"56e1a38de3433e1400422fd2\"", "\"id\": \"56dddf4066d3e219004dad5f\"", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => new LoftCompare.Corpora.Adapters.Squad.SquadAdapter().LoadOrThrowAsync(new DatasetSpec("squad", path)));

        Assert.Contains("duplicate query id '56dddf4066d3e219004dad5f'", error.Message);
    }
}
