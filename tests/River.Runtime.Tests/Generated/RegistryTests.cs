using Microsoft.Extensions.DependencyInjection;
using River.Generated;

namespace River.Runtime.Tests.Generated;

/// <summary>The registry, definitions and worker factories the generator emitted for this test assembly.</summary>
public sealed class RegistryTests
{
    private static readonly DateTimeOffset Noon = new(2024, 5, 17, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Registry_lists_every_kind_sorted_by_type_name() // ordinal over the C# names: "@event" sorts first
    {
        var kinds = RiverRuntimeTestsJobRegistry.Definitions.Select(d => d.Kind).ToList();
        Assert.Equal(
            ["test.keywords", "test.bulk_mail", "test.bulk_write", "test.collections", "test.ctor_class", "test.derived", "test.dynamic", "test.empty", "test.ignored_parameter", "test.periodic_interval", "test.members", "test.nullables", "test.positional", "test.scalars", "test.string_enums", "test.tree", "test.unique", "test.periodic_cron", "test.obsolete", "test.lone_surrogates",
             "interop.unique_map", "interop.unique_marked", "interop.unique_nested", "interop.unique_numbers", "interop.unique_strings", "interop.unique_time", "interop.unique_values"],
            kinds);
        Assert.Same(RiverRuntimeTestsJobRegistry.Scalars, JobDefinition.For<Scalars>());
    }

    [Fact]
    public void Assembly_names_its_registry()
    {
        var attribute = typeof(RegistryTests).Assembly.GetCustomAttributes(typeof(RiverJobRegistryAttribute), false).Cast<RiverJobRegistryAttribute>().Single();
        Assert.Equal(typeof(RiverRuntimeTestsJobRegistry), attribute.RegistryType);
    }

    [Fact]
    public void Workers_and_worker_less_kinds_are_registered()
    {
        var builder = new FakeRiverBuilder();
        Assert.Same(builder, RiverRuntimeTestsJobRegistry.AddTo(builder));

        Assert.Equal([typeof(Nullables), typeof(Scalars), typeof(Tree)], builder.Workers.Keys.OrderBy(t => t.Name));
        Assert.Equal(
            ["interop.unique_map", "interop.unique_marked", "interop.unique_nested", "interop.unique_numbers", "interop.unique_strings", "interop.unique_time", "interop.unique_values",
             "test.collections", "test.ctor_class", "test.derived", "test.dynamic", "test.empty", "test.ignored_parameter", "test.keywords", "test.lone_surrogates", "test.members", "test.obsolete", "test.periodic_cron", "test.periodic_interval", "test.positional", "test.string_enums", "test.unique"],
            builder.Jobs.Select(j => j.Kind).Order(StringComparer.Ordinal));
        Assert.Same(JobDefinition.For<Scalars>(), builder.Workers[typeof(Scalars)].Definition);
    }

    [Fact]
    public void This_assembly_registration_includes_the_referenced_job_library()
    {
        var builder = new FakeRiverBuilder();
        builder.AddRiverJobsFromThisAssembly();

        var kinds = builder.Jobs.Select(j => j.Kind).Concat(builder.Workers.Values.Select(w => w.Definition.Kind))
            .Concat(builder.BatchWorkers.Values.Select(w => w.Definition.Kind)).ToHashSet();
        Assert.Superset(RiverRuntimeTestsJobRegistry.Definitions.Select(d => d.Kind).ToHashSet(), kinds);
        Assert.Superset(River.Generated.JobCatalogJobRegistry.Definitions.Select(d => d.Kind).ToHashSet(), kinds);
        Assert.Equal(RiverRuntimeTestsJobRegistry.Definitions.Count + River.Generated.JobCatalogJobRegistry.Definitions.Count, kinds.Count);
        Assert.Contains(typeof(JobCatalog.SendEmail), builder.Workers.Keys);
        Assert.Contains(typeof(JobCatalog.Vacuum), builder.Workers.Keys);
    }

    [Fact]
    public void Factories_resolve_required_optional_and_provider_parameters()
    {
        var builder = new FakeRiverBuilder();
        builder.AddRiverJobsFromThisAssembly();
        var clock = new FixedClock(Noon);
        using var provider = new ServiceCollection().AddSingleton<IClock>(clock).BuildServiceProvider();

        var worker = Assert.IsType<ScalarsWorker>(builder.Create<Scalars>(provider));
        Assert.Same(clock, worker.Clock);
        Assert.Same(provider, worker.Services);
        Assert.Equal("fallback", worker.Label);
        Assert.Equal(3, worker.Retries);

        using var withOptional = new ServiceCollection().AddSingleton<IClock>(clock).AddSingleton("configured").BuildServiceProvider();
        Assert.Equal("configured", Assert.IsType<ScalarsWorker>(builder.Create<Scalars>(withOptional)).Label);
    }

    [Fact]
    public void Factories_fail_clearly_when_a_required_service_is_missing()
    {
        var builder = new FakeRiverBuilder();
        builder.AddRiverJobsFromThisAssembly();
        using var empty = new ServiceCollection().BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => builder.Create<Scalars>(empty));
        Assert.Contains(nameof(IClock), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factories_resolve_keyed_services_and_the_marked_constructor()
    {
        var builder = new FakeRiverBuilder();
        builder.AddRiverJobsFromThisAssembly();
        var blue = new FixedClock(Noon);
        var plain = new FixedClock(Noon.AddDays(1));
        using var provider = new ServiceCollection()
            .AddKeyedSingleton<IClock>("blue", blue)
            .AddSingleton<IClock>(plain)
            .BuildServiceProvider();

        Assert.Same(blue, Assert.IsType<NullablesWorker>(builder.Create<Nullables>(provider)).Clock);
        Assert.Same(plain, Assert.IsType<TreeWorker>(builder.Create<Tree>(provider)).Clock);
    }

    [Fact]
    public void Definitions_carry_defaults_and_uniqueness_from_the_attributes()
    {
        var members = JobDefinition.For<Members>();
        Assert.Equal("test.members", members.Kind);
        Assert.Same(JobDefaults.None, members.Defaults);
        Assert.Null(members.Unique);
    }
}
