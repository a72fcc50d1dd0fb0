using System.Reflection;
using River.Execution;
using River.Services;

namespace River.Runtime.Tests.Services;

/// <summary>
/// Issue 15 §1: the completer's write is announced through one mechanism, its <see cref="TestSignal{T}"/>, which
/// tests await and the bench observes; no callback property beside it and no internal event on the client.
/// </summary>
public sealed class OneSignalPerMomentTests
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [Fact]
    public void The_completer_announces_its_writes_only_through_its_test_signal()
    {
        var callbacks = typeof(BatchCompleter).GetProperties(Members).Where(p => typeof(Delegate).IsAssignableFrom(p.PropertyType))
            .Select(p => p.Name)
            .Concat(typeof(BatchCompleter).GetFields(Members).Where(f => typeof(Delegate).IsAssignableFrom(f.FieldType)).Select(f => f.Name));
        Assert.Empty(callbacks);
        Assert.Equal(typeof(TestSignal<IReadOnlyList<long>>), typeof(BatchCompleter).GetProperty("Written", Members)!.PropertyType);
    }

    [Fact]
    public void The_client_declares_no_events_and_exposes_the_completers_signal()
    {
        Assert.Empty(typeof(RiverClient).GetEvents(Members).Select(e => e.Name));
        var property = typeof(RiverClient).GetProperty("OutcomesWritten", Members);
        Assert.NotNull(property);
        Assert.Equal(typeof(TestSignal<IReadOnlyList<long>>), property.PropertyType);
    }

    [Fact]
    public void The_client_hands_its_own_signal_to_the_completer_it_builds()
    {
        using var dataSource = Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused");
        var client = new RiverClient(new RiverClientOptions { DataSource = dataSource });
        Assert.Same(client.OutcomesWritten, client.Completer!.Written);
    }
}
