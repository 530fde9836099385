namespace LoftCompare.Eval.Reports.Charts;

/// <summary>Gold-document depth (0 = start of the context, 1 = end) in equal-width bins.</summary>
public static class DepthBins
{
    public const int Count = 5;

    public static int Of(double depth) => Math.Clamp((int)(depth * Count), 0, Count - 1);

    public static string Label(int bin) => $"{bin * 100 / Count}–{(bin + 1) * 100 / Count}%";
}
