// A model enum of the generator, also compiled into the analyzers through a linked <Compile> item: self-contained.
namespace River.Generators.Model;

/// <summary>When a property is left out of the written JSON (<c>[JsonIgnore(Condition = ...)]</c>).</summary>
internal enum IgnoreMode
{
    Never,
    WhenWritingNull,
    WhenWritingDefault,
}
