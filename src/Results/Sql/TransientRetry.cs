using System.Data.Common;

namespace LoftCompare.Results.Sql;

/// <summary>
/// How a store rides out a database blip (a restart, a dropped idle connection, a full connection table): which errors
/// are worth another try, and for how long in all. A call that still fails after <see cref="Budget"/> fails as before.
/// </summary>
/// <remarks>Every store call is safe to repeat whole: writes are idempotent upserts or guarded updates, each in one transaction.</remarks>
public sealed record TransientRetry(Func<DbException, bool> IsTransient)
{
    /// <summary>What <see cref="Budget"/> is unless a store says otherwise.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMinutes(2);

    /// <summary>The most time one call spends retrying (a server restart takes seconds; a failover can take a minute).</summary>
    public TimeSpan Budget { get; init; } = DefaultBudget;

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Told of each retry (the error and the delay before the next try): for logs, and for tests to act on.</summary>
    public Action<DbException, TimeSpan>? OnRetry { get; init; }
}
