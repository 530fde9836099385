namespace LoftCompare.Eval.Statistics;

/// <summary>The 2×2 table of two right/wrong systems on the same examples, with McNemar's exact p.</summary>
public sealed record Agreement(int BothRight, int OnlyA, int OnlyB, int Neither)
{
    public int N => BothRight + OnlyA + OnlyB + Neither;

    public double McNemarP => McNemar.ExactP(OnlyA, OnlyB);

    /// <summary>Best of both per example: the share an oracle router picking the right one would get.</summary>
    public double OracleScore => N == 0 ? 0 : (double)(BothRight + OnlyA + OnlyB) / N;

    public static Agreement Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var (both, onlyA, onlyB, neither) = (0, 0, 0, 0);
        for (var i = 0; i < a.Count; i++)
        {
            switch ((a[i] == 1, b[i] == 1))
            {
                case (true, true): both++; break;
                case (true, false): onlyA++; break;
                case (false, true): onlyB++; break;
                default: neither++; break;
            }
        }

        return new Agreement(both, onlyA, onlyB, neither);
    }
}
