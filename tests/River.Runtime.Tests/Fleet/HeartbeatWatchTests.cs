using Microsoft.Extensions.Time.Testing;
using River.Fleet;

namespace River.Runtime.Tests.Fleet;

public sealed class HeartbeatWatchTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();

    private HeartbeatWatch NewWatch() => new(_clock, TimeSpan.FromSeconds(5));

    [Fact]
    public void A_client_whose_heartbeat_stands_still_for_its_ttl_is_dead_and_a_moving_one_never()
    {
        var watch = NewWatch();
        long moving = 1;
        for (var second = 0; second <= 12; second += 2)
        {
            var dead = watch.Observe([("still", 7, Ttl), ("moving", moving++, Ttl)]);
            if (second < 10)
            {
                Assert.Empty(dead);
            }
            else
            {
                Assert.Equal(new[] { ("still", 7L) }, dead.Select(d => (d.Id, d.Seq)));
            }

            _clock.Advance(TimeSpan.FromSeconds(2));
        }
    }

    [Fact]
    public void A_gap_in_the_leaders_observations_starts_every_client_over()
    {
        var watch = NewWatch();
        Assert.Empty(watch.Observe([("c", 1, Ttl)]));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(watch.Observe([("c", 1, Ttl)]));
        _clock.Advance(TimeSpan.FromSeconds(30)); // the database was away, or the leader paused
        Assert.Empty(watch.Observe([("c", 1, Ttl)]));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(watch.Observe([("c", 1, Ttl)]));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(watch.Observe([("c", 1, Ttl)])); // 8 s watched since the gap
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(watch.Observe([("c", 1, Ttl)]));
    }

    [Fact]
    public void A_new_term_gives_every_client_a_full_ttl_and_each_client_has_its_own()
    {
        var watch = NewWatch();
        for (var i = 0; i < 6; i++)
        {
            watch.Observe([("c", 1, Ttl), ("quick", 1, TimeSpan.FromSeconds(4))]);
            _clock.Advance(TimeSpan.FromSeconds(2));
        }

        watch.Reset();
        Assert.Empty(watch.Observe([("c", 1, Ttl), ("quick", 1, TimeSpan.FromSeconds(4))]));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(["quick"], watch.Observe([("c", 1, Ttl), ("quick", 1, TimeSpan.FromSeconds(4))]).Select(d => d.Id));
    }
}
