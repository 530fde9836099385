using LoftCompare.Pipelines.Running;

namespace LoftCompare.Runs.Backends;

/// <summary>A model opened for a run: how pipelines call it, what it is (recorded with the run and shown in reports), and what to dispose with the run.</summary>
public sealed record OpenedModel(ModelCall Call, string Label, IDisposable? Owned = null);
