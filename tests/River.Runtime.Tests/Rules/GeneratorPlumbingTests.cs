using System.ComponentModel;
using System.Reflection;

namespace River.Runtime.Tests.Rules;

/// <summary>
/// The public types and members that exist only for generated code are hidden from IntelliSense, so a user browsing
/// the API sees what they call (JobDefinition.For, AddRiverJobsFromThisAssembly), not the generator's plumbing.
/// </summary>
public sealed class GeneratorPlumbingTests
{
    public static TheoryData<string> Plumbing() =>
    [
        "JobArgsReader`1", "JobArgsWriter`1", "WorkerRegistration", "WorkerRegistration`1", "RiverJobRegistryAttribute",
        "JobDefinition.Register", "JobDefinition`1..ctor",
    ];

    [Theory]
    [MemberData(nameof(Plumbing))]
    public void Generator_plumbing_is_hidden_from_IntelliSense(string name)
    {
        var assembly = typeof(RiverClient).Assembly;
        MemberInfo member = name switch
        {
            "JobDefinition.Register" => typeof(JobDefinition).GetMethod(nameof(JobDefinition.Register))!,
            "JobDefinition`1..ctor" => Assert.Single(typeof(JobDefinition<>).GetConstructors()),
            _ => assembly.GetType("River." + name, throwOnError: true)!,
        };
        var attribute = member.GetCustomAttribute<EditorBrowsableAttribute>();
        Assert.True(attribute is not null, name + " has no [EditorBrowsable]");
        Assert.Equal(EditorBrowsableState.Never, attribute.State);
    }
}
