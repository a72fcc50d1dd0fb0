namespace River;

/// <summary>
/// Marks a class or record as the arguments of a job kind. The source generator emits, at compile time,
/// the JSON serializer of the type, its default insert options and its entry in the assembly's job registry.
/// </summary>
/// <remarks>
/// The kind is the stable name stored in <c>river_job.kind</c>, River's own rule: 2 to 127 characters: an ASCII
/// letter, digit or underscore, then ASCII letters, digits, underscores and - [ ] &lt; &gt; / . · : +. Changing it
/// orphans jobs already in the table. Options left
/// unset fall back to the client's defaults; a value given on an insert call wins over the attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class JobArgsAttribute : Attribute
{
    /// <summary>Declares the job kind stored in <c>river_job.kind</c>.</summary>
    /// <param name="kind">
    /// The kind, e.g. <c>"email.send"</c>: 2 to 127 characters: an ASCII letter, digit or underscore, then ASCII
    /// letters, digits, underscores and - [ ] &lt; &gt; / . · : +.
    /// </param>
    public JobArgsAttribute(string kind) => Kind = kind;

    /// <summary>The kind stored in <c>river_job.kind</c>.</summary>
    public string Kind { get; }

    /// <summary>
    /// Default queue; <see langword="null"/> means the client's default (<c>"default"</c>). A queue name: 1 to 64
    /// characters: lower-case ASCII letters and digits, in groups separated by a single _, - or |.
    /// </summary>
    public string? Queue { get; set; }

    /// <summary>Default priority, 1 (first) to 4 (last); 0 means unset (the client default, 1).</summary>
    public int Priority { get; set; }

    /// <summary>Default maximum number of attempts, 1 to 32,767; 0 means unset (the client default, 25).</summary>
    public int MaxAttempts { get; set; }

    /// <summary>
    /// Default tags, any number, each 3 to 255 characters: ASCII letters, digits and underscores, and - except first
    /// or last.
    /// </summary>
    public string[]? Tags { get; set; }

    /// <summary>Insert jobs of this kind in the <see cref="JobState.Pending"/> state by default.</summary>
    public bool Pending { get; set; }

    /// <summary>
    /// A <c>System.Text.Json.Serialization.JsonSerializerContext</c> that serializes this type, for shapes
    /// the generated serializer does not support. Overrides the assembly-wide context of
    /// <see cref="RiverJsonOptionsAttribute.Context"/>.
    /// </summary>
    public Type? JsonContext { get; set; }
}
