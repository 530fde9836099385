using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Runs.Suites;

/// <summary>A suite's own prompt formats (<c>promptTemplates</c>): made into <see cref="TemplatePromptFormat"/>s over a built-in parser.</summary>
public static class SuiteTemplates
{
    /// <summary>The suite's template format called <paramref name="name"/>, or null when the suite defines none by that name.</summary>
    /// <param name="kinds">The kinds the template can prompt (the catalog's).</param>
    public static IPromptFormat? Create(Suite suite, string suitePath, string name, Func<string, IPromptFormat> builtIn, TaskKindProfiles kinds)
    {
        if (suite.PromptTemplates?.GetValueOrDefault(name) is not { } settings)
        {
            return null;
        }

        var text = settings.Template ?? File.ReadAllText(SuiteLoader.Resolve(suitePath, settings.TemplateFile!));
        return new TemplatePromptFormat(name, settings, text, builtIn(settings.Parser), kinds);
    }

    /// <summary>Whose rules score a format's outputs: a template format is scored as its parser's.</summary>
    public static string ScoringFormat(Suite suite, string name)
        => suite.PromptTemplates?.GetValueOrDefault(name)?.Parser ?? name;

    /// <summary>Checks every template of the suite (one source, an existing file, a known parser, a template that renders).</summary>
    public static void Check(Suite suite, string path, SuiteVocabulary vocabulary)
    {
        var registeredFormats = vocabulary.PromptFormats;
        foreach (var (name, settings) in suite.PromptTemplates ?? [])
        {
            var field = $"promptTemplates.{name}";
            if (registeredFormats.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new SuiteException($"Suite file '{path}': field '{field}' would replace the registered '{name}' format; give the template another name.");
            }

            if ((settings.Template is null) == (settings.TemplateFile is null))
            {
                throw new SuiteException($"Suite file '{path}': field '{field}' needs exactly one of 'template' and 'templateFile'.");
            }

            if (settings.TemplateFile is { } file && !File.Exists(SuiteLoader.Resolve(path, file)))
            {
                throw new SuiteException($"Suite file '{path}': field '{field}.templateFile': '{SuiteLoader.Resolve(path, file)}' does not exist.");
            }

            if (!registeredFormats.Contains(settings.Parser, StringComparer.OrdinalIgnoreCase))
            {
                throw new SuiteException($"Suite file '{path}': field '{field}.parser' is '{settings.Parser}'; expected one of {string.Join(", ", registeredFormats)}.");
            }

            try
            {
                _ = Create(suite, path, name, format => vocabulary.Formats.Create(format, vocabulary.Kinds), vocabulary.Kinds);
            }
            catch (ArgumentException ex)
            {
                throw new SuiteException($"Suite file '{path}': {ex.Message}", ex);
            }
        }
    }
}
