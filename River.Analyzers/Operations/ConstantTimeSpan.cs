using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace River.Analyzers.Operations;

/// <summary>
/// Evaluates a <c>System.TimeSpan</c> written with constants: <c>TimeSpan.FromSeconds(-5)</c>,
/// <c>new TimeSpan(0, 0, 30)</c>, <c>TimeSpan.Zero</c>, <c>-TimeSpan.FromMinutes(1)</c>,
/// <c>Timeout.InfiniteTimeSpan</c>. Anything computed at run time is unknown (<see langword="null"/>).
/// </summary>
internal static class ConstantTimeSpan
{
    public const long TicksPerMillisecond = 10_000;
    public const long TicksPerSecond = 10_000_000;

    /// <summary><c>Timeout.InfiniteTimeSpan</c>: minus one millisecond.</summary>
    public const long InfiniteTicks = -TicksPerMillisecond;

    /// <summary>The value in ticks, or <see langword="null"/> when it is not a compile-time constant.</summary>
    public static long? Ticks(IOperation? operation)
    {
        try
        {
            return Evaluate(operation);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static long? Evaluate(IOperation? operation)
    {
        switch (operation)
        {
            case IConversionOperation conversion:
                return Evaluate(conversion.Operand);
            case IParenthesizedOperation parenthesized:
                return Evaluate(parenthesized.Operand);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus:
                return Evaluate(minus.Operand) is { } negated ? checked(-negated) : null;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus } plus:
                return Evaluate(plus.Operand);
            case IFieldReferenceOperation field when IsTimeSpan(field.Field.ContainingType):
                return field.Field.Name switch
                {
                    "Zero" => 0,
                    "MinValue" => long.MinValue,
                    "MaxValue" => long.MaxValue,
                    _ => null,
                };
            case IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" } infinite
                when infinite.Field.ContainingType.ToDisplayString() == "System.Threading.Timeout":
                return InfiniteTicks;
            case IInvocationOperation invocation when invocation.TargetMethod.IsStatic && IsTimeSpan(invocation.TargetMethod.ContainingType):
                return FromFactory(invocation);
            case IObjectCreationOperation creation when IsTimeSpan(creation.Type) && creation.Constructor is not null:
                return FromArguments(creation.Arguments, unitOfSingle: null);
            default:
                return null;
        }
    }

    private static long? FromFactory(IInvocationOperation invocation)
    {
        long? unit = invocation.TargetMethod.Name switch
        {
            "FromDays" => TimeSpan.TicksPerDay,
            "FromHours" => TimeSpan.TicksPerHour,
            "FromMinutes" => TimeSpan.TicksPerMinute,
            "FromSeconds" => TicksPerSecond,
            "FromMilliseconds" => TicksPerMillisecond,
            "FromMicroseconds" => 10,
            "FromTicks" => 1,
            _ => null,
        };
        return unit is null ? null : FromArguments(invocation.Arguments, unit);
    }

    // Parameters are named after their unit (days, hours, ..., ticks); a lone "value" takes the factory's unit.
    private static long? FromArguments(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, long? unitOfSingle)
    {
        double total = 0;
        foreach (var argument in arguments)
        {
            var constant = argument.Value.ConstantValue;
            if (!constant.HasValue || constant.Value is null)
            {
                return null;
            }
            double value;
            try
            {
                value = Convert.ToDouble(constant.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (InvalidCastException)
            {
                return null;
            }
            long? unit = argument.Parameter?.Name switch
            {
                "days" => TimeSpan.TicksPerDay,
                "hours" => TimeSpan.TicksPerHour,
                "minutes" => TimeSpan.TicksPerMinute,
                "seconds" => TicksPerSecond,
                "milliseconds" => TicksPerMillisecond,
                "microseconds" => 10,
                "ticks" => 1,
                _ => unitOfSingle,
            };
            if (unit is null)
            {
                return null;
            }
            total += value * unit.Value;
        }
        if (double.IsNaN(total) || total > long.MaxValue || total < long.MinValue)
        {
            return null;
        }
        return (long)Math.Round(total);
    }

    private static bool IsTimeSpan(ITypeSymbol? type) => type is { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>Writes ticks the way messages show them, e.g. <c>-00:00:05</c>.</summary>
    public static string Format(long ticks) => TimeSpan.FromTicks(ticks).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
