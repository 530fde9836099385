using System.CommandLine;
using System.Globalization;
using LoftCompare.Worker.Scheduling;
using LoftCompare.Runs.Suites;
using Spectre.Console;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare schedule list [--suites DIR]</c>: each scheduled suite with its next fire times.</summary>
public static class ScheduleCommand
{
    public static Command Create(CommandComposition composition)
    {
        var suites = new Option<string>("--suites") { Description = "Folder of suite files.", DefaultValueFactory = _ => "suites" };
        var count = new Option<int>("--next") { Description = "How many fire times to show.", DefaultValueFactory = _ => 3 };
        var format = Listing.FormatOption();
        var list = new Command("list", "List scheduled suites and their next fire times (in the suite's time zone and UTC).") { suites, count, format };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(suites)!;
            var listing = new Listing("suite", "cron", "time zone", "next fire times (local → UTC)");
            var broken = 0;
            foreach (var path in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray() : [])
            {
                SuiteSchedule schedule;
                try
                {
                    var (suite, _) = await SuiteLoader.LoadAsync(path, composition.Catalog.Vocabulary, cancellationToken);
                    if (suite.Schedule is null)
                    {
                        continue;
                    }

                    schedule = SuiteSchedule.Parse(path, suite.Schedule, suite.Name);
                }
                catch (SuiteException ex)
                {
                    // One broken suite is shown as broken; the others are still listed.
                    listing.Add(Path.GetFileName(path), "invalid", string.Empty, ex.Message);
                    broken++;
                    continue;
                }

                var next = schedule.Next(DateTimeOffset.UtcNow, parse.GetValue(count))
                    .Select(t => $"{TimeZoneInfo.ConvertTime(t, schedule.Zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)} → {t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z");
                listing.Add(Path.GetFileName(path), schedule.Expression, schedule.Zone.Id, string.Join("\n", next));
            }

            listing.Write(parse.GetValue(format)!);
            return broken == 0 ? 0 : 1;
        });
        return new Command("schedule", "Inspect suite schedules.") { list };
    }
}
