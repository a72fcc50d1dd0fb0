namespace River;

/// <summary>
/// Marks a class or record as the arguments of a job kind. The source generator emits, at compile time,
/// the JSON serializer of the type, its default insert options and its entry in the assembly's job registry.
/// </summary>
/// <remarks>
/// The kind is the stable name stored in <c>river_job.kind</c>: 1 to 127 characters, letters, digits and
/// <c>. _ - / : [ ] &lt; &gt;</c> (River's own rule). Changing it orphans jobs already in the table. Options left
/// unset fall back to the client's defaults; a value given on an insert call wins over the attribute.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class JobArgsAttribute : Attribute
{
    /// <summary>Declares the job kind stored in <c>river_job.kind</c>.</summary>
    /// <param name="kind">The kind, e.g. <c>"email.send"</c>.</param>
    public JobArgsAttribute(string kind) => Kind = kind;

    /// <summary>The kind stored in <c>river_job.kind</c>.</summary>
    public string Kind { get; }

    /// <summary>Default queue; <see langword="null"/> means the client's default (<c>"default"</c>).</summary>
    public string? Queue { get; set; }

    /// <summary>Default priority, 1 (first) to 4 (last); 0 means unset (the client default, 1).</summary>
    public int Priority { get; set; }

    /// <summary>Default maximum number of attempts, 1 to 32,767; 0 means unset (the client default, 25).</summary>
    public int MaxAttempts { get; set; }

    /// <summary>Default tags: each 1 to 255 characters of letters, digits, <c>_</c> and <c>-</c>.</summary>
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
