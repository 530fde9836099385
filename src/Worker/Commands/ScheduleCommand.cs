using System.CommandLine;
using System.Globalization;
using LoftCompare.Worker.Scheduling;
using LoftCompare.Runs.Suites;
using Spectre.Console;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare schedule list [--suites DIR]</c>: each scheduled suite with its next fire times.</summary>
public static class ScheduleCommand
{
    public static Command Create()
    {
        var suites = new Option<string>("--suites") { Description = "Folder of suite files.", DefaultValueFactory = _ => "suites" };
        var count = new Option<int>("--next") { Description = "How many fire times to show.", DefaultValueFactory = _ => 3 };
        var list = new Command("list", "List scheduled suites and their next fire times (in the suite's time zone and UTC).") { suites, count };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(suites)!;
            var table = new Table().AddColumns("suite", "cron", "time zone", "next fire times (local → UTC)");
            var broken = 0;
            foreach (var path in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray() : [])
            {
                SuiteSchedule schedule;
                try
                {
                    var (suite, _) = await SuiteLoader.LoadAsync(path, cancellationToken);
                    if (suite.Schedule is null)
                    {
                        continue;
                    }

                    schedule = SuiteSchedule.Parse(path, suite.Schedule, suite.Name);
                }
                catch (SuiteException ex)
                {
                    // One broken suite is shown as broken; the others are still listed.
                    table.AddRow(Markup.Escape(Path.GetFileName(path)), "[red]invalid[/]", string.Empty, Markup.Escape(ex.Message));
                    broken++;
                    continue;
                }

                var next = schedule.Next(DateTimeOffset.UtcNow, parse.GetValue(count))
                    .Select(t => $"{TimeZoneInfo.ConvertTime(t, schedule.Zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)} → {t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z");
                table.AddRow(Markup.Escape(Path.GetFileName(path)), Markup.Escape(schedule.Expression), Markup.Escape(schedule.Zone.Id), Markup.Escape(string.Join("\n", next)));
            }

            AnsiConsole.Write(table);
            return broken == 0 ? 0 : 1;
        });
        return new Command("schedule", "Inspect suite schedules.") { list };
    }
}
