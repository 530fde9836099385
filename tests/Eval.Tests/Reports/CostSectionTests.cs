using System.Text;
using LoftCompare.Eval.Costs;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;

namespace LoftCompare.Eval.Tests.Reports;

public sealed class CostSectionTests
{
    [Fact]
    public void The_cost_model_says_what_the_server_reported_as_cached_and_that_it_was_not_priced()
    {
        var run = new RunRecord
        {
            RunId = "r", SuiteName = "s", SuitePath = "/nowhere/suite.json", SuiteJson = "{}", AppVersion = "0", Host = "h", Tokenizer = "o200k_base",
            Models = new Dictionary<string, string>(), StartedAt = DateTimeOffset.UnixEpoch, Status = RunStatus.Succeeded,
            Prices = new Dictionary<string, ModelPrice> { ["llm"] = new() { InputPerMillion = 2, OutputPerMillion = 8, PrefixCache = true } },
        };
        ResultRecord Row(string query, long? serverCached) => new()
        {
            RunId = "r", TaskName = "t", Pipeline = "long-context", ModelId = "llm", QueryId = query, RecordedAt = DateTimeOffset.UnixEpoch,
            CachedInputTokens = serverCached, PrefixTokens = 7_000, CacheBasis = CacheBasis.Modelled,
        };
        var md = new StringBuilder();

        CostSection.AppendPricing(md, run, RunAnalysis.Of([Row("q1", 0), Row("q2", 7_000), Row("q3", 7_000)], [], new Dictionary<string, string>()));

        var text = md.ToString();
        Assert.Contains("modelled on 3 rows (the shared corpus prefix, 21,000 tokens in all, priced as cached, its one fill counted as setup)", text);
        Assert.Contains("The server reported 14,000 prompt tokens as prefix-cache hits on 2 rows (`cached_input_tokens`): recorded, not priced", text);
    }
}
