using System.ComponentModel;
namespace River;

/// <summary>
/// Emitted by the source generator on every assembly that defines job kinds: names the generated registry
/// class, so a host's generator can include the kinds and workers of the libraries it references.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RiverJobRegistryAttribute : Attribute
{
    /// <summary>Names the generated registry type.</summary>
    public RiverJobRegistryAttribute(Type registryType) => RegistryType = registryType;

    /// <summary>The generated registry type (a static class with <c>Definitions</c> and <c>AddTo(IRiverBuilder)</c>).</summary>
    public Type RegistryType { get; }
}
