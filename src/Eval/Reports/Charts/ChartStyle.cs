using ScottPlot;

namespace LoftCompare.Eval.Reports.Charts;

/// <summary>
/// What every chart shares so it reads at a glance: a colour-blind-safe palette (Okabe–Ito), a marker shape per series
/// once the colours run out, legends outside the data, and quality axes from 0 to 1.
/// </summary>
public static class ChartStyle
{
    private static readonly ScottPlot.Palettes.ColorblindFriendly Palette = new();

    /// <summary>Filled and open shapes in pairs, so "filled" can still mean something (Pareto-optimal).</summary>
    private static readonly (MarkerShape Filled, MarkerShape Open)[] Shapes =
    [
        (MarkerShape.FilledCircle, MarkerShape.OpenCircle),
        (MarkerShape.FilledSquare, MarkerShape.OpenSquare),
        (MarkerShape.FilledTriangleUp, MarkerShape.OpenTriangleUp),
        (MarkerShape.FilledDiamond, MarkerShape.OpenDiamond),
        (MarkerShape.FilledTriangleDown, MarkerShape.OpenTriangleDown),
    ];

    public static int Colours => Palette.Colors.Length;

    public static Color Colour(int index) => Palette.GetColor(index % Colours);

    /// <summary>A shape for the series: the same shape while colours last, then the next shape, so no two series look alike.</summary>
    public static MarkerShape Shape(int index, bool filled = true) => filled ? Shapes[index / Colours % Shapes.Length].Filled : Shapes[index / Colours % Shapes.Length].Open;

    /// <summary>A shape chosen by itself (e.g. one per pipeline), filled or open.</summary>
    public static MarkerShape ShapeOf(int shapeIndex, bool filled) => filled ? Shapes[shapeIndex % Shapes.Length].Filled : Shapes[shapeIndex % Shapes.Length].Open;

    /// <summary>The legend to the right of the data, never over it.</summary>
    public static void LegendOutside(Plot plot) => plot.ShowLegend(Edge.Right);

    /// <summary>
    /// Marker sizes that keep coinciding points visible: points closer than <paramref name="closeness"/> of each axis'
    /// range form a stack, and within a stack each later point is drawn smaller, so a stack reads as concentric markers
    /// (RAG and Self-Route often land on the same spot). Draw the points in the order given: larger first.
    /// </summary>
    public static float[] StackedSizes(IReadOnlyList<(double X, double Y)> points, float size, double closeness = 0.015)
    {
        var (xRange, yRange) = (Range(points.Select(p => p.X)), Math.Max(Range(points.Select(p => p.Y)), 1));
        var sizes = new float[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var below = Enumerable.Range(0, i).Count(j => Math.Abs(points[j].X - points[i].X) <= closeness * xRange && Math.Abs(points[j].Y - points[i].Y) <= closeness * yRange);
            sizes[i] = size * MathF.Pow(0.55f, below);
        }

        return sizes;
    }

    private static double Range(IEnumerable<double> values)
    {
        var list = values.DefaultIfEmpty(0).ToList();
        return Math.Max(list.Max() - list.Min(), Math.Max(Math.Abs(list.Max()), 1e-12));
    }

    /// <summary>A 0–1 score axis with a little room at the ends so points on 0 and 1 stay visible.</summary>
    public static void ScoreAxis(Plot plot) => plot.Axes.SetLimitsY(-0.02, 1.02);
}
