// Uniqueness: RIVER0008 period below one second, RIVER0009 missing required states,
// RIVER0010 [UniqueKey] on an ignored property, RIVER0011 ByArgs without a serialized property.
#pragma warning disable RIVER0020 // these kinds are worked by another service
using System.Text.Json.Serialization;

namespace DiagnosticsShowcase.Uniqueness;

[JobArgs("unique.period"), UniqueJob(ByPeriodSeconds = /*!RIVER0008*/-60)]
public sealed record NegativePeriod(string To);

[JobArgs("unique.states"), UniqueJob(ByArgs = true, ByState = /*!RIVER0009*/[JobState.Available, JobState.Completed])]
public sealed record MissingStates(string To);

[JobArgs("unique.ignored_key"), UniqueJob(ByArgs = true)]
public sealed class IgnoredKey
{
    public string Source { get; set; } = "";

    [UniqueKey, JsonIgnore]
    public long /*!RIVER0010*/AccountId { get; set; }
}

[JobArgs("unique.no_properties"), UniqueJob(ByArgs = /*!RIVER0011*/true)]
public sealed class NothingToHash
{
}

public static class CallSite
{
    public static UniqueOptions Options() => new() { ByPeriod = /*!RIVER0008*/TimeSpan.FromMilliseconds(500) };
}

// RIVER0036 [UniqueKey] without [UniqueJob(ByArgs = true)], RIVER0037 [UniqueJob] without [JobArgs].
[JobArgs("uniqueness.marks")]
public sealed record MarkedButNotUnique([property: UniqueKey] long /*!RIVER0036*/AccountId, string To);

[/*!RIVER0037*/UniqueJob(ByArgs = true)]
public sealed record UniqueButNoKind(string To);

// RIVER0049: a [UniqueKey] inside a list's elements, which the unique key never reaches.
public sealed record OrderLine([property: UniqueKey] string Sku, int Quantity);

[JobArgs("uniqueness.lines"), UniqueJob(ByArgs = true)]
public sealed record ShipOrder(string OrderId, List<OrderLine> /*!RIVER0049*/Lines);
