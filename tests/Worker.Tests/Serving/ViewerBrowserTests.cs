using LoftCompare.Results;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Worker.Serving;
using Microsoft.AspNetCore.Builder;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using LoftCompare.Runs.Launching;

namespace LoftCompare.Worker.Tests.Serving;

/// <summary>
/// The viewer in a real browser (Debian's chromium and chromium-driver, headless): from the runs page to a run, to the
/// examples where only long context was right, to one example side by side; and hostile text that stays text.
/// </summary>
public sealed class ViewerBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Driver = "/usr/bin/chromedriver";

    private readonly TestWorkspace workspace = new();
    private SqliteResultStore store = null!;
    private string runId = null!;
    private WebApplication app = null!;
    private string baseUrl = null!;

    public async Task InitializeAsync()
    {
        // A real run of the extractive reader on the shipped cloze set: RAG misses some blanks long context fills.
        var suite = workspace.WriteSuite($$"""
            { "name": "viewer", "pipelines": ["rag", "long-context"], "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 4 } ] }
            """);
        store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var outcome = await workspace.Launcher(store).RunAsync(new Runs.Launching.RunLaunch { SuitePath = suite });
        runId = outcome.Summary.RunId;
        app = ViewerApp.Build(store, new ViewerOptions { Port = 0, ReportsFolder = workspace.ReportFolder }, TestCatalog.BuiltIn);
        await app.StartAsync();
        baseUrl = app.Urls.First();
    }

    private static ChromeDriver Browser()
    {
        Skip.IfNot(File.Exists(Chromium) && File.Exists(Driver), $"needs Debian's chromium and chromium-driver ({Chromium}, {Driver}); .ci/run installs them");
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
    }

    [SkippableFact]
    public void A_user_clicks_from_runs_to_the_query_rag_missed_and_long_context_answered()
    {
        using var browser = Browser();
        browser.Navigate().GoToUrl(baseUrl);
        Assert.Equal("Runs · LoftCompare", browser.Title);

        browser.FindElement(By.LinkText(runId)).Click();
        Assert.Contains("Task rag", browser.FindElement(By.TagName("body")).Text);
        Assert.NotEmpty(browser.FindElements(By.CssSelector("img[src*='/charts/']"))); // the report's charts

        browser.FindElement(By.LinkText("Only long context right")).Click();
        var examples = browser.FindElements(By.CssSelector("table tbody tr"));
        Assert.NotEmpty(examples);
        examples[0].FindElement(By.TagName("a")).Click();

        var page = browser.FindElement(By.TagName("body")).Text;
        Assert.Contains("Gold answers:", page);
        Assert.Contains("What words fill the blank", page);
        var cards = browser.FindElements(By.CssSelector(".card"));
        Assert.Equal(2, cards.Count);
        Assert.Contains("long-context", cards[0].Text);
        Assert.Contains("right", cards[0].FindElement(By.CssSelector(".right")).Text);
        Assert.Contains("rag", cards[1].Text);
        Assert.Equal("wrong", cards[1].FindElement(By.CssSelector(".wrong")).Text);
        Assert.Contains("Retrieved", cards[1].Text); // RAG's passages, with the text it read
    }

    [SkippableFact]
    public async Task Script_and_onerror_planted_in_a_raw_output_show_as_text_and_never_run()
    {
        using var browser = Browser();
        const string hostile = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\"><b>bold</b>";
        var row = (await store.GetResultsAsync(runId)).First(r => r.Pipeline == "rag");
        await store.UpsertResultAsync(row with { RawOutput = hostile, Error = null, Prediction = [hostile] });

        browser.Navigate().GoToUrl($"{baseUrl}/runs/{runId}/examples/{row.TaskName}/{row.QueryId}");

        Assert.DoesNotContain("pwned", browser.Title);
        Assert.Empty(browser.FindElements(By.TagName("script")));
        Assert.Empty(browser.FindElements(By.CssSelector("img[src='x']")));
        Assert.DoesNotContain(browser.FindElements(By.TagName("b")), b => b.Text == "bold");
        Assert.Contains(hostile, browser.FindElement(By.TagName("body")).Text); // shown, as text
    }

    [Fact]
    public async Task Only_reads_json_pages_and_the_policy_forbid_scripts()
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var runs = await http.GetAsync("/api/runs");
        Assert.Equal(ViewerApp.ContentSecurityPolicy, runs.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains(runId, await runs.Content.ReadAsStringAsync());
        var examples = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"/api/runs/{runId}/examples?pageSize=3")).RootElement;
        Assert.Equal((8, 3), (examples.GetProperty("total").GetInt32(), examples.GetProperty("items").GetArrayLength()));
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, (await http.PostAsync("/api/runs", null)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/runs/nope")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"/runs/{runId}/charts/..%2F..%2Fresults.db")).StatusCode);
        Assert.DoesNotContain("'unsafe", ViewerApp.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", ViewerApp.ContentSecurityPolicy, StringComparison.Ordinal); // default-src 'none' covers scripts
    }

    [Fact]
    public async Task A_host_header_that_is_not_loopback_or_allowed_is_refused()
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Host = "evil.example" } }; // DNS rebinding: the attacker's name, our address

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.SendAsync(rebound)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/runs")).StatusCode); // 127.0.0.1
        using var byName = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Host = $"localhost:{new Uri(baseUrl).Port}" } };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.SendAsync(byName)).StatusCode);

        await using var named = ViewerApp.Build(store, new ViewerOptions { Port = 0, AllowedHosts = ["results.lab.internal"] }, TestCatalog.BuiltIn);
        await named.StartAsync();
        using var toNamed = new HttpClient { BaseAddress = new Uri(named.Urls.First()) };
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Host = "results.lab.internal" } };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await toNamed.SendAsync(allowed)).StatusCode);
    }

    [Fact]
    public async Task A_huge_page_number_is_past_the_end_not_the_first_page()
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

        var far = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"/api/runs/{runId}/examples?page={int.MaxValue}&pageSize=3")).RootElement;
        var html = await http.GetStringAsync($"/runs/{runId}/examples?page={int.MaxValue}");

        Assert.Equal((int.MaxValue, 0), (far.GetProperty("page").GetInt32(), far.GetProperty("items").GetArrayLength()));
        Assert.Contains($"Page {int.MaxValue} is past the end of this list", html); // said, with a way back; never wrapped round to the first page's rows
        Assert.Contains("page=1\">first page</a>", html);
        Assert.DoesNotContain("/examples/", html);
    }

    [Fact]
    public async Task An_unknown_only_filter_is_refused_naming_the_values_it_takes()
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

        var refused = await http.GetAsync($"/runs/{runId}/examples?only=lc");
        var known = await http.GetAsync($"/runs/{runId}/examples?only=long-context");

        Assert.Equal((System.Net.HttpStatusCode.BadRequest, System.Net.HttpStatusCode.OK), (refused.StatusCode, known.StatusCode));
        Assert.Contains("only= is &#x27;lc&#x27;; use rag or long-context", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_example_whose_id_holds_a_slash_or_an_escape_opens()
    {
        var row = (await store.GetResultsAsync(runId)).First();
        const string odd = "q/2 50%2F #1?";
        await store.UpsertResultAsync(row with { QueryId = odd, RawOutput = "the odd one" });
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

        var page = await http.GetAsync($"/runs/{runId}/examples/{Uri.EscapeDataString(row.TaskName)}/{Uri.EscapeDataString(odd)}");
        var list = await http.GetStringAsync($"/runs/{runId}/examples");

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("the odd one", await page.Content.ReadAsStringAsync());
        Assert.Contains(System.Net.WebUtility.HtmlEncode($"/examples/{Uri.EscapeDataString(row.TaskName)}/{Uri.EscapeDataString(odd)}"), list); // the list links it so
    }

    [Fact]
    public async Task A_token_guards_every_page_when_one_is_set()
    {
        await using var guarded = ViewerApp.Build(store, new ViewerOptions { Port = 0, Token = "s3cret" }, TestCatalog.BuiltIn);
        await guarded.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(guarded.Urls.First()) };

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync("/api/runs")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Authorization = new("Bearer", "s3cret") } };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        Assert.False(ViewerApp.IsLoopback("0.0.0.0"));
        Assert.True(ViewerApp.IsLoopback("127.0.0.1") && ViewerApp.IsLoopback("::1") && ViewerApp.IsLoopback("localhost"));
    }

    [Fact]
    public async Task Two_runs_compare_side_by_side_and_the_suite_has_a_trend_page()
    {
        var suite = Directory.GetFiles(workspace.Root, "*.json").First();
        var second = await workspace.Launcher(store).RunAsync(new Runs.Launching.RunLaunch { SuitePath = suite });
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

        var run = await http.GetStringAsync($"/runs/{second.Summary.RunId}");
        Assert.Contains($"/compare?newer={second.Summary.RunId}&amp;older={runId}", run);
        var compare = await http.GetStringAsync($"/compare?newer={second.Summary.RunId}&older={runId}");
        Assert.Contains("<td>yes</td>", compare); // same task set: paired by query
        Assert.Contains("<td>subspan_em</td>", compare);
        var trend = await http.GetStringAsync("/suites/viewer/trend?days=30");
        Assert.Contains("Trend of viewer: 2 runs in the last 30 days", trend);
        Assert.Contains("<th>largest shift</th>", trend);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/compare?newer=nope&older=nope")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/suites/nope/trend")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        workspace.Dispose();
    }
}
