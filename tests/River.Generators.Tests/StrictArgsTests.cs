using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using River.Generators.Tests.Infrastructure;

namespace River.Generators.Tests;

/// <summary>
/// Strict args (the default) and the assembly-level switch to lenient reading (<c>RiverJsonOptions(StrictArgs = false)</c>),
/// on generated code compiled and loaded here.
/// </summary>
public sealed class StrictArgsTests
{
    private const string Jobs = """
        using River;
        namespace Probe;
        [JobArgs("probe.strict")]
        public sealed record Order(string Name, int Count, string? Note = null);
        public static class Reader
        {
            public static object Read(byte[] json) => JobDefinition.For<Order>().Deserialize(json);
        }
        """;

    private static Func<string, object> Load(string assemblyName, params string[] sources)
    {
        var (output, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(assemblyName, OutputKind.DynamicallyLinkedLibrary, null, sources));
        Assert.Empty(diagnostics);
        using var stream = new MemoryStream();
        var result = output.Emit(stream);
        Assert.True(result.Success, GeneratorHarness.Format(result.Diagnostics));
        var reader = Assembly.Load(stream.ToArray()).GetType("Probe.Reader")!.GetMethod("Read")!;
        return json =>
        {
            try
            {
                return reader.Invoke(null, [System.Text.Encoding.UTF8.GetBytes(json)])!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        };
    }

    [Fact]
    public void By_default_missing_constructor_parameters_and_nulls_of_non_nullable_references_are_refused()
    {
        var read = Load("Probe.Strict", Jobs);
        var missing = Assert.Throws<JsonException>(() => read("{}"));
        Assert.Contains("missing required properties including: 'name', 'count'", missing.Message, StringComparison.Ordinal);
        var nulled = Assert.Throws<JsonException>(() => read("""{"name":null,"count":1}"""));
        Assert.Contains("The constructor parameter 'name'", nulled.Message, StringComparison.Ordinal);
        Assert.Equal("$.name", nulled.Path);
        // A nullable reference may be null; a parameter with a default value may be missing.
        Assert.Equal("Order { Name = n, Count = 1, Note =  }", read("""{"name":"n","count":1}""").ToString());
        Assert.Equal("Order { Name = n, Count = 1, Note =  }", read("""{"name":"n","count":1,"note":null}""").ToString());
    }

    [Fact]
    public void StrictArgs_false_restores_lenient_reading()
    {
        var read = Load("Probe.Lenient", Jobs, "[assembly: River.RiverJsonOptions(StrictArgs = false)]");
        Assert.Equal("Order { Name = , Count = 0, Note =  }", read("{}").ToString());
        Assert.Equal("Order { Name = , Count = 1, Note =  }", read("""{"name":null,"count":1}""").ToString());
    }
}
