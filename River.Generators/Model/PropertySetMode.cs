// A model enum of the generator, also compiled into the analyzers through a linked <Compile> item: self-contained.
namespace River.Generators.Model;

/// <summary>How a property receives its value when its object is read.</summary>
internal enum PropertySetMode
{
    /// <summary>Written only (getter-only or non-public setter): a JSON value for it is skipped.</summary>
    None,
    /// <summary>Public setter: assigned after construction when present.</summary>
    Setter,
    /// <summary>Init-only setter: assigned in the object initializer.</summary>
    Init,
    /// <summary>Bound to a parameter of the deserialization constructor.</summary>
    Constructor,
}
