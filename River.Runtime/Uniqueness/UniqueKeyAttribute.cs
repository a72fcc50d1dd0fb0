namespace River;

/// <summary>
/// Marks a property of a job args type (or of a nested type) as part of the unique args. When any property
/// is marked, <see cref="UniqueJobAttribute.ByArgs"/> hashes only the marked ones; otherwise it hashes all
/// top-level properties.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class UniqueKeyAttribute : Attribute
{
}
