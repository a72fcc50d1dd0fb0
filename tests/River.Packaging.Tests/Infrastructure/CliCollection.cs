namespace River.Packaging.Tests.Infrastructure;

/// <summary>Tests that run `dotnet build/pack/publish` on the repository: one at a time (they share obj/ and bin/).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "dotnet CLI on the repository";
}
