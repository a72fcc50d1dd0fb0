using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

public sealed class SerializationTests
{
    private const string Context = """
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        // Written by hand (abstract, with the Default the source generator would add) so the test needs no
        // System.Text.Json source generator: only the attributes matter here.
        [JsonSerializable(typeof(Listed))]
        public abstract class AppJsonContext : JsonSerializerContext
        {
            protected AppJsonContext() : base(null) { }
            public static AppJsonContext Default { get; } = null!;
        }
        """;

    [Fact]
    public async Task UnsupportedProperties_AreReportedOnEachPropertyWithTheReason()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To, object [|Payload|], Dictionary<int, string> [|ById|], IReadOnlySet<string> [|Set|], int[,] [|Grid|], Uri [|Link|]);
            """, "RIVER0015");
        var messages = diagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains("object has no fixed shape", messages[0]);
        Assert.Contains("dictionary keys must be strings", messages[1]);
        Assert.Contains("'IReadOnlySet<string>' is not one of the supported types", messages[2]);
        Assert.Contains("multi-dimensional", messages[3]);
    }

    [Fact]
    public async Task UnsupportedShapeInsideANestedType_NamesTheNestedProperty()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            public sealed record Customer(string Name, IDisposable Handle);
            [JobArgs("job.a")]
            public sealed record A(Customer [|Customer|]);
            """, "RIVER0015");
        Assert.Contains("'Customer.Handle'", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task SupportedShapes_AreNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            public enum Level { Low, High }
            public sealed record Address(string Street, int? Number, List<Address>? Previous);
            [JobArgs("job.a")]
            public sealed record A(
                bool B, byte U8, sbyte I8, short I16, ushort U16, int I32, uint U32, long I64, ulong U64,
                float F, double D, decimal M, char C, string S, Guid G, DateTime {|RIVER0035:Dt|}, DateTimeOffset Dto,
                DateOnly Day, TimeOnly Time, TimeSpan Span, Level L, int? N, Level? NL, byte[] Bytes,
                string[] Strings, List<int> List, IReadOnlyList<Guid> ReadOnlyList, IEnumerable<string> Seq,
                Dictionary<string, int> Dict, IReadOnlyDictionary<string, List<Address>> Nested, Address Home);
            """);

    [Fact]
    public async Task IgnoredUnsupportedProperty_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed class A
            {
                public string To { get; set; } = "";
                [System.Text.Json.Serialization.JsonIgnore] public object? Cache { get; set; }
            }
            """);

    [Fact]
    public async Task UnsupportedShapeWithANamedContextThatListsTheType_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a", JsonContext = typeof(AppJsonContext))]
            public sealed record Listed(object Payload);
            """, extraSources: [Context]);

    [Fact]
    public async Task NamedContextThatDoesNotListANeededType_IsReportedOnTheContextArgument()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.listed", JsonContext = typeof(AppJsonContext))]
            public sealed record Listed(object Payload);
            [JobArgs("job.a", JsonContext = [|typeof(AppJsonContext)|])]
            public sealed record A(string Name, List<Uri> Links);
            [JobArgs("job.b", JsonContext = typeof(AppJsonContext))]
            public sealed record B(string Name, object ReachableThroughListed);
            """, "RIVER0016", extraSources: [Context]);
        Assert.Contains("does not list 'Uri'", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WholeTypeThroughTheContext_MustBeListed()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.listed", JsonContext = typeof(AppJsonContext))]
            public sealed record Listed(object Payload);
            [JobArgs("job.a", JsonContext = [|typeof(AppJsonContext)|])]
            public sealed class A { private A() { } public string Name { get; set; } = ""; }
            """, "RIVER0016", extraSources: [Context]);

    [Fact]
    public async Task AssemblyContext_CoversUnsupportedTypes_AndMustListThem()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [assembly: RiverJsonOptions(Context = typeof(AppJsonContext))]
            [JobArgs("job.listed")]
            public sealed record Listed(object Payload);
            [JobArgs("job.a")]
            public sealed record A(string Name, object Reachable, Dictionary<int, string> [|ById|], Uri? [|Link|]);
            [JobArgs("job.b")]
            public sealed record B(string SupportedSoContextNotNeeded);
            """, "RIVER0016", extraSources: [Context]);
        Assert.Contains("'Dictionary<int, string>'", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("'Uri'", diagnostics[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task NamedContextThatIsNotAContext_IsReported()
        => await AnalyzerVerifier.VerifyAsync("""
            public sealed class NotAContext { }
            [JobArgs("job.a", JsonContext = [|typeof(NotAContext)|])]
            public sealed record A(string To);
            """, "RIVER0017", allowedCompilerErrors: ["CS0117"]); // generated code asks NotAContext for Default

    [Fact]
    public async Task AssemblyContextThatIsNotAContext_IsReportedOnTheAssemblyAttribute()
        => await AnalyzerVerifier.VerifyAsync("""
            [assembly: RiverJsonOptions(Context = [|typeof(NotAContext)|])]
            public sealed class NotAContext { }
            [JobArgs("job.a")]
            public sealed record A(object {|RIVER0015:Payload|});
            """, "RIVER0017", allowedCompilerErrors: ["CS0117"]); // generated code asks NotAContext for Default

    [Fact]
    public async Task PropertyConverters_NeedAContext_ExceptTheStringEnumConverter()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            using System.Text.Json;
            using System.Text.Json.Serialization;
            public enum Level { Low, High }
            public sealed class UpperConverter : JsonConverter<string>
            {
                public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;
                public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToUpperInvariant());
            }
            public struct Point { public int X { get; set; } public int Y { get; set; } }
            [JobArgs("job.a")]
            public sealed class A
            {
                [JsonConverter(typeof(UpperConverter))] public string [|Name|] { get; set; } = "";
                [JsonConverter(typeof(JsonStringEnumConverter))] public Level Level { get; set; }
                public Point [|At|] { get; set; }
            }
            """, "RIVER0015");
        Assert.Contains("own [JsonConverter]", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("structs", diagnostics[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
