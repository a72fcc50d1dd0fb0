using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0033-RIVER0037: args data the serializer drops or changes, and unique settings that do nothing.</summary>
public sealed class ArgsDataLossTests
{
    [Fact]
    public async Task PublicField_IsReported_ConstAndPrivateFieldsAreNot()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("data.fields")]
            public sealed class A
            {
                public string [|To|] = "";
                public readonly int [|Retries|];
                public const int Max = 3;
                private int _count;
                public int Count { get => _count; set => _count = value; }
            }
            """, "RIVER0033");

    [Fact]
    public async Task InheritedPublicField_IsReportedOnTheArgsType()
        => await AnalyzerVerifier.VerifyAsync("""
            public class Base { public string Note = ""; }
            [JobArgs("data.inherited")]
            public sealed class [|A|] : Base { public string To { get; set; } = ""; }
            """, "RIVER0033");

    [Fact]
    public async Task GetOnlyAutoProperty_IsReported_SettableInitConstructorAndComputedAreNot()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("data.readback")]
            public sealed class A
            {
                public A(string to) { To = to; Stamp = "x"; }
                public string To { get; }
                public string [|Stamp|] { get; }
                public string [|Hidden|] { get; private set; } = "";
                public int Set { get; set; }
                public int Init { get; init; }
                public int Length => To.Length;
            }
            """, "RIVER0034");

    [Fact]
    public async Task DateTime_IsReported_DateTimeOffsetIsNot()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("data.dates")]
            public sealed record A(DateTime [|At|], DateTime? [|Maybe|], List<DateTime> [|Many|], DateTimeOffset When, DateOnly Day);
            """, "RIVER0035");

    [Fact]
    public async Task UniqueKeyWithoutUniqueJob_OrWithoutByArgs_IsReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("data.a")]
            public sealed record A([property: UniqueKey] long {|RIVER0036:AccountId|}, string To);
            [JobArgs("data.b"), UniqueJob(ByPeriodSeconds = 60)]
            public sealed record B([property: UniqueKey] long {|RIVER0036:AccountId|}, string To);
            [JobArgs("data.c"), UniqueJob(ByArgs = true)]
            public sealed record C([property: UniqueKey] long AccountId, string To);
            """);

    [Fact]
    public async Task UniqueJobWithoutJobArgs_IsReportedOnTheAttribute()
        => await AnalyzerVerifier.VerifyAsync("""
            [[|UniqueJob(ByArgs = true)|]]
            public sealed record A(string To);
            [JobArgs("data.b"), UniqueJob(ByArgs = true)]
            public sealed record B(string To);
            """, "RIVER0037");
}
