namespace LoftCompare.Results;

/// <summary>The results database: writing runs (<see cref="IRunStore"/>) and reading them (<see cref="IRunQueries"/>). A store is also the worker's <see cref="IJobQueue"/>.</summary>
public interface IResultStore : IRunStore, IRunQueries;
