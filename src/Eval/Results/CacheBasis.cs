namespace LoftCompare.Eval.Results;

/// <summary>Where a row's cached prompt tokens (priced at the cached rate) came from.</summary>
public enum CacheBasis
{
    /// <summary>No prefix cache: every prompt token priced as new.</summary>
    None,

    /// <summary>The server reported its prefix-cache hits.</summary>
    Server,

    /// <summary>The price declares a prefix cache and the server reports nothing: the shared corpus prefix is modelled as cached.</summary>
    Modelled,
}
