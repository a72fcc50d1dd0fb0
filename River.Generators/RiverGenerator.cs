using Microsoft.CodeAnalysis;

namespace River.Generators;

/// <summary>Emits the job registry, JSON serializers and worker registration (work in progress).</summary>
[Generator(LanguageNames.CSharp)]
public sealed class RiverGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
