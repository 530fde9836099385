namespace LoftCompare.Eval.Results;

/// <summary>Where a row's cached prompt tokens (priced at the cached rate) came from.</summary>
public enum CacheBasis
{
    /// <summary>No prefix cache: every prompt token priced as new.</summary>
    None,

    /// <summary>The server reported more cached tokens than the modelled shared prefix (or there is no declared prefix cache and it reported hits).</summary>
    Server,

    /// <summary>The price declares a prefix cache: the shared corpus prefix is modelled as cached on every query (its one fill is setup), unless the server reports more.</summary>
    Modelled,
}
