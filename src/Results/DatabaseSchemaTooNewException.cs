namespace LoftCompare.Results;

/// <summary>The database holds migrations this build does not know: a newer LoftCompare wrote it, and this one must not.</summary>
public sealed class DatabaseSchemaTooNewException(int newest, int known)
    : InvalidOperationException($"was written by a newer LoftCompare: migration {newest} (this build knows migrations up to {known}); use that version or newer")
{
    public int NewestApplied { get; } = newest;

    public int NewestKnown { get; } = known;
}
