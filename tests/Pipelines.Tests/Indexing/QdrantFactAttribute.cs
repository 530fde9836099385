using LoftCompare.Pipelines.Indexing;

namespace LoftCompare.Pipelines.Tests.Indexing;

/// <summary>A test that needs a real Qdrant server: skipped, with the reason shown, unless LOFTCOMPARE_QDRANT_URL is set.</summary>
public sealed class QdrantFactAttribute : FactAttribute
{
    public QdrantFactAttribute()
    {
        if (QdrantSettings.FromEnvironment() is null)
        {
            Skip = $"needs a Qdrant server: set {QdrantSettings.UrlVariable} (e.g. http://localhost:6334) to run";
        }
    }
}
