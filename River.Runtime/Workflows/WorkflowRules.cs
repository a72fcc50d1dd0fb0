namespace River.Workflows;

/// <summary>The limits of workflow ids and names (the table constraints of line typed version 4, checked before anything is sent).</summary>
internal static class WorkflowRules
{
    /// <summary>The longest workflow id (<c>river_typed_workflow.id</c>).</summary>
    public const int MaxIdLength = 127;

    /// <summary>The longest workflow or task name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Why <paramref name="id"/> cannot be a workflow id, or null.</summary>
    public static string? ValidateId(string id)
    {
        if (id.Length == 0 || id.Length > MaxIdLength)
        {
            return $"A workflow id must be 1 to {MaxIdLength} characters long; '{Shorten(id)}' has {id.Length}.";
        }
        return id.Contains('\0', StringComparison.Ordinal) ? "A workflow id cannot contain a NUL character (U+0000)." : null;
    }

    /// <summary>Why <paramref name="name"/> cannot be a workflow or task name (<paramref name="what"/> says which), or null.</summary>
    public static string? ValidateName(string name, string what)
    {
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            return $"A {what} must be 1 to {MaxNameLength} characters long; '{Shorten(name)}' has {name.Length}.";
        }
        return name.Contains('\0', StringComparison.Ordinal) ? $"A {what} cannot contain a NUL character (U+0000)." : null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
