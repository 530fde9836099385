namespace LoftCompare.Eval.Reports.Charts;

/// <summary>A chart written as a PNG: its title (the Markdown alt text) and its path relative to the report.</summary>
public sealed record ChartImage(string Title, string RelativePath, string Caption);
