using System.Text.Json;
using River.Periodic;

namespace River.Runtime.Tests.Maintenance;

public sealed class PeriodicJobRegistryTests
{
    private sealed class Hourly : IPeriodicSchedule
    {
        public DateTimeOffset Next(DateTimeOffset after) => after.AddHours(1);
    }

    private static PeriodicJob Job(string id) => new(id, new Hourly(), _ => null);

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("bad\"quote")]
    public void An_invalid_id_is_refused_with_the_rule(string id)
    {
        var e = Assert.Throws<ArgumentException>(() => Job(id));
        Assert.Contains("Periodic job id", e.Message, StringComparison.Ordinal);
        Assert.Equal("id", e.ParamName);
    }

    [Fact]
    public void A_too_long_id_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Job(new string('a', 128)));
        Assert.Equal(127, Job(new string('a', 127)).Id.Length);
    }

    [Fact]
    public void Schedule_and_constructor_are_required()
    {
        Assert.Throws<ArgumentNullException>(() => new PeriodicJob("valid_id", null!, _ => null));
        Assert.Throws<ArgumentNullException>(() => new PeriodicJob("valid_id", new Hourly(), null!));
    }

    [Fact]
    public void Ids_are_unique_and_jobs_can_be_added_and_removed_with_change_notifications()
    {
        var registry = new PeriodicJobCollection();
        var changes = 0;
        registry.Changed += () => changes++;
        registry.Add(Job("alpha"));
        registry.Add("beta", new Hourly(), _ => null, runOnStart: true);
        var e = Assert.Throws<ArgumentException>(() => registry.Add(Job("alpha")));
        Assert.Contains("'alpha' is already registered", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, registry.Count);
        Assert.True(registry.Contains("beta"));
        Assert.True(registry.Single(j => j.Id == "beta").RunOnStart);

        Assert.True(registry.Remove("alpha"));
        Assert.False(registry.Remove("alpha"));
        Assert.Equal(["beta"], registry.Select(j => j.Id));
        Assert.Equal(3, changes);
    }

    [Fact]
    public void Periodic_metadata_comes_first_and_user_metadata_is_kept()
    {
        var merged = PeriodicJobEnqueuer.WithPeriodicMetadata("{\"team\":\"billing\",\"n\":[1,2]}", "nightly.report");
        Assert.Equal("{\"periodic\":true,\"river:periodic_job_id\":\"nightly.report\",\"team\":\"billing\",\"n\":[1,2]}", merged);
        Assert.Equal("{\"periodic\":true,\"river:periodic_job_id\":\"x\"}", PeriodicJobEnqueuer.WithPeriodicMetadata("{}", "x"));
        using var _ = JsonDocument.Parse(merged);
    }

    [Fact]
    public void The_attribute_carries_schedule_id_run_on_start_and_zone()
    {
        var a = new PeriodicJobAttribute("*/5 * * * *") { Id = "sweep", RunOnStart = true, TimeZone = "Europe/Berlin" };
        Assert.Equal("*/5 * * * *", a.Schedule);
        Assert.Equal("sweep", a.Id);
        Assert.True(a.RunOnStart);
        Assert.Equal("Europe/Berlin", a.TimeZone);
        var usage = (AttributeUsageAttribute)Attribute.GetCustomAttribute(typeof(PeriodicJobAttribute), typeof(AttributeUsageAttribute))!;
        Assert.Equal(AttributeTargets.Class | AttributeTargets.Struct, usage.ValidOn);
    }
}
