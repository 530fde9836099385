using LoftCompare.Eval.Costs.Serving;

namespace LoftCompare.Runs.Suites;

/// <summary>The serving-cost cards a suite sees: the shipped ones, <c>LOFTCOMPARE_CARDS</c>, then a <c>cards/</c> folder beside the suite file.</summary>
public static class SuiteCards
{
    public static CardCatalog For(string suitePath)
        => CardCatalog.Load(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(suitePath)) ?? ".", "cards"));
}
