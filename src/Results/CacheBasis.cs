namespace LoftCompare.Results;

/// <summary>Where a row's cached prompt tokens (priced at the cached rate) came from.</summary>
public enum CacheBasis
{
    /// <summary>No prefix cache: every prompt token priced as new.</summary>
    None,

    /// <summary>Rows priced before 2026-12 by the server's reported hits (which made cost depend on the server's warmth); new rows are never priced so.</summary>
    Server,

    /// <summary>The price declares a prefix cache: the shared corpus prefix is priced as cached on every query, its one fill as setup.</summary>
    Modelled,
}
