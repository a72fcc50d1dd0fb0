// A model enum of the generator, also compiled into the analyzers through a linked <Compile> item: self-contained.
namespace River.Generators.Model;

/// <summary>How a .NET type is written and read as JSON by the generated serializer.</summary>
internal enum ShapeKind
{
    /// <summary>Not handled by the generated serializer: serialized through the named <c>JsonSerializerContext</c>.</summary>
    Unsupported = 0,
    Boolean,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    String,
    Char,
    Guid,
    DateTime,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    /// <summary><c>System.Text.Json.JsonElement</c>: any JSON value, written and parsed as is.</summary>
    JsonElement,
    /// <summary>An enum, written as its underlying number (the element is the underlying type).</summary>
    Enum,
    /// <summary>An enum marked <c>[JsonConverter(typeof(JsonStringEnumConverter))]</c> (or the generic one): written by that converter.</summary>
    StringEnum,
    /// <summary><c>Nullable&lt;T&gt;</c>; the element is <c>T</c>.</summary>
    Nullable,
    /// <summary><c>byte[]</c>, written as base64.</summary>
    ByteArray,
    /// <summary><c>T[]</c>.</summary>
    Array,
    /// <summary><c>List&lt;T&gt;</c>, IList, ICollection, IEnumerable, IReadOnlyList, IReadOnlyCollection; read into a <c>List&lt;T&gt;</c>.</summary>
    List,
    /// <summary><c>HashSet&lt;T&gt;</c> or ISet (System.Text.Json cannot read IReadOnlySet); written as an array, read into a <c>HashSet&lt;T&gt;</c> (duplicates collapse).</summary>
    Set,
    /// <summary><c>Dictionary&lt;string, T&gt;</c>, IDictionary, IReadOnlyDictionary with string keys; read into a <c>Dictionary</c>.</summary>
    Dictionary,
    /// <summary>A class or record whose members are written one by one (see <c>TypeShapes.TryGetObjectLayout</c>).</summary>
    Object,
}
