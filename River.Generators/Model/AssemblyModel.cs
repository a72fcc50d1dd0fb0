namespace River.Generators.Model;

/// <summary>Assembly-wide facts: names, JSON options and the job registries of referenced assemblies.</summary>
/// <param name="AssemblyName">The compilation's assembly name.</param>
/// <param name="Identifier">The assembly name as a C# identifier (prefix of the generated class names).</param>
/// <param name="NamingPolicy">The <c>JsonKnownNamingPolicy</c> value (default SnakeCaseLower = 2).</param>
/// <param name="Context">The assembly-wide <c>JsonSerializerContext</c> (fully qualified), or <see langword="null"/>.</param>
/// <param name="ReferencedRegistries">Fully qualified registry types named by referenced assemblies, sorted.</param>
/// <param name="StrictArgs">Whether readers refuse missing constructor parameters and nulls of non-nullable references (<c>RiverJsonOptions.StrictArgs</c>, default true).</param>
/// <param name="ReferencedPeriodicRegistries">Those of <paramref name="ReferencedRegistries"/> that have <c>CreatePeriodicJobs()</c> (made by a generator that knows <c>[PeriodicJob]</c>), sorted.</param>
internal sealed record AssemblyModel(
    string AssemblyName,
    string Identifier,
    int NamingPolicy,
    string? Context,
    EquatableArray<string> ReferencedRegistries,
    EquatableArray<string> ReferencedPeriodicRegistries,
    bool StrictArgs = true);
