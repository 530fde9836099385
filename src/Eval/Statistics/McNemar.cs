namespace LoftCompare.Eval.Statistics;

/// <summary>
/// McNemar's exact test for two systems scored right/wrong on the same examples: only the discordant pairs count
/// (A right and B wrong: <c>b</c>; B right and A wrong: <c>c</c>), and under the null each is a fair coin.
/// Two-sided p = min(1, 2 · P[Binomial(b + c, ½) ≤ min(b, c)]).
/// </summary>
public static class McNemar
{
    public static double ExactP(int onlyA, int onlyB)
    {
        var n = onlyA + onlyB;
        if (n == 0)
        {
            return 1;
        }

        var k = Math.Min(onlyA, onlyB);
        // Sum C(n, i) / 2^n for i ≤ k in log space, so large n neither overflows nor underflows.
        var logHalfN = n * Math.Log(0.5);
        var logChoose = 0.0; // log C(n, 0)
        var tail = 0.0;
        for (var i = 0; i <= k; i++)
        {
            if (i > 0)
            {
                logChoose += Math.Log(n - i + 1) - Math.Log(i);
            }

            tail += Math.Exp(logChoose + logHalfN);
        }

        return Math.Min(1, 2 * tail);
    }
}
