using LoftCompare.Runs.Suites;
using Microsoft.Extensions.DependencyInjection;

namespace LoftCompare.Runs.Tests;

/// <summary>The catalog a host with no plug-ins gets, built by the composition root as the commands build theirs.</summary>
internal static class TestCatalog
{
    public static LoftCompareCatalog BuiltIn { get; } = new ServiceCollection().AddLoftCompareCatalog().BuildServiceProvider().GetRequiredService<LoftCompareCatalog>();

    public static SuiteVocabulary Vocabulary => BuiltIn.Vocabulary;
}
