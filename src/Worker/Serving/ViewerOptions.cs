namespace LoftCompare.Worker.Serving;

/// <summary>Where the viewer listens, what it guards with, and where run reports (and their charts) are.</summary>
public sealed record ViewerOptions
{
    /// <summary>Loopback by default; anything else must be asked for (and is warned about).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = 5080;

    /// <summary>When set, every request needs <c>Authorization: Bearer TOKEN</c> (or <c>?access_token=</c> once, which sets a cookie).</summary>
    public string? Token { get; init; }

    /// <summary>The reports folder, whose <c>run-ID/*.png</c> charts the run pages show.</summary>
    public string ReportsFolder { get; init; } = "reports";

    /// <summary>
    /// Host names a request's <c>Host:</c> header may carry besides the loopback ones (<c>localhost</c>, <c>127.0.0.1</c>,
    /// <c>[::1]</c>): any other is refused (400), so a web page on another name cannot read the viewer through DNS rebinding.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Examples per page on the examples page and the API.</summary>
    public int PageSize { get; init; } = 50;
}
