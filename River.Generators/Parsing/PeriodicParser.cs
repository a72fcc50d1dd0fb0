using Microsoft.CodeAnalysis;
using River.Generators.Model;

namespace River.Generators.Parsing;

/// <summary>
/// Reads <c>[PeriodicJob]</c> on a <c>[JobArgs]</c> type. The generated registration builds each firing's args with
/// <c>new T()</c>, so the declaration is kept only when that expression compiles (<see cref="DefaultConstruction"/>,
/// the rule RIVER0027 reports from); otherwise it gives <see langword="null"/> and nothing is emitted for it.
/// </summary>
internal static class PeriodicParser
{
    public static PeriodicModel? Parse(AttributeData attribute, INamedTypeSymbol type, Compilation compilation)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string schedule)
        {
            return null; // missing or null schedule: a compile error or the analyzers' report
        }
        string? id = null, timeZone = null;
        var runOnStart = false;
        int? misfire = null, maxMisfireRuns = null;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Id": id = named.Value.Value as string; break;
                case "TimeZone": timeZone = named.Value.Value as string; break;
                case "RunOnStart": runOnStart = named.Value.Value as bool? ?? false; break;
                case "Misfire": misfire = named.Value.Value as int?; break;
                case "MaxMisfireRuns": maxMisfireRuns = named.Value.Value as int?; break;
            }
        }
        return DefaultConstruction.Check(type, compilation).IsOk ? new PeriodicModel(schedule, id, timeZone, runOnStart, misfire, maxMisfireRuns) : null;
    }
}
