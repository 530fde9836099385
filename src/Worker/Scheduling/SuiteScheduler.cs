using LoftCompare.Results;
using LoftCompare.Runs;
using LoftCompare.Runs.Suites;
using Microsoft.Extensions.Logging;

namespace LoftCompare.Worker.Scheduling;

/// <summary>Enqueues one job per due schedule slot of every scheduled suite in a folder; the jobs table's uniqueness makes that at most one per slot across workers.</summary>
public sealed class SuiteScheduler(IJobQueue store, ILogger<SuiteScheduler> logger, LoftCompareCatalog catalog)
{
    public async Task<IReadOnlyList<SuiteSchedule>> LoadSchedulesAsync(string suitesFolder, CancellationToken cancellationToken)
    {
        var schedules = new List<SuiteSchedule>();
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(suitesFolder))
        {
            return schedules;
        }

        foreach (var path in Directory.GetFiles(suitesFolder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var (suite, _) = await SuiteLoader.LoadAsync(path, catalog.Vocabulary, cancellationToken);
                if (suite.Schedule is not { } schedule)
                {
                    continue;
                }

                // Slots are keyed by name, so two scheduled suites with one name would share (and lose) slots.
                if (byName.TryGetValue(suite.Name, out var first))
                {
                    logger.LogWarning("Skipping the schedule of {Path}: suite name '{Name}' is already scheduled by {First}; give each scheduled suite its own name", path, suite.Name, first);
                    continue;
                }

                byName[suite.Name] = path;
                schedules.Add(SuiteSchedule.Parse(path, schedule, suite.Name));
            }
            catch (SuiteException ex)
            {
                logger.LogWarning("Skipping suite {Path}: {Reason}", path, ex.Message);
            }
        }

        return schedules;
    }

    /// <summary>Enqueues the due slot of each schedule; returns the ids of jobs this call created.</summary>
    public async Task<IReadOnlyList<long>> EnqueueDueAsync(IEnumerable<SuiteSchedule> schedules, DateTimeOffset now, TimeSpan catchUpWindow, CancellationToken cancellationToken)
    {
        var created = new List<long>();
        foreach (var schedule in schedules)
        {
            if (schedule.DueSlot(now, catchUpWindow) is not { } slot)
            {
                continue;
            }

            if (await store.EnqueueJobAsync(schedule.SuitePath, schedule.SuiteKey, slot.ToUniversalTime().ToString("O"), now.ToUniversalTime(), cancellationToken) is { } jobId)
            {
                logger.LogInformation("Enqueued job {JobId} for {Suite}, slot {Slot}", jobId, schedule.SuitePath, slot);
                created.Add(jobId);
            }
        }

        return created;
    }
}
