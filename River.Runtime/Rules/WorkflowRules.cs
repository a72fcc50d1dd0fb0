// This file is compiled into River.Runtime (net8.0/net10.0) and linked into the netstandard2.0 analyzer
// project, so it must stay self-contained: no references to other River types, no APIs newer than
// netstandard2.0.

namespace River;

/// <summary>
/// The name rules of workflows, one home for the runtime (<c>WorkflowBuilder</c>, <c>WorkflowGraph</c>, checked before
/// anything is sent; the limits are the table constraints of line typed version 4) and the analyzers (RIVER0065,
/// RIVER0066: the same checks on a workflow built from constants, at build time, with the same words).
/// </summary>
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
        return id.IndexOf('\0') >= 0 ? "A workflow id cannot contain a NUL character (U+0000)." : null;
    }

    /// <summary>Why <paramref name="name"/> cannot be a workflow or task name (<paramref name="what"/> says which), or null.</summary>
    public static string? ValidateName(string name, string what)
    {
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            return $"A {what} must be 1 to {MaxNameLength} characters long; '{Shorten(name)}' has {name.Length}.";
        }
        return name.IndexOf('\0') >= 0 ? $"A {what} cannot contain a NUL character (U+0000)." : null;
    }

    /// <summary>Task <paramref name="task"/> depends on <paramref name="dependency"/>, which no task of its workflow is named.</summary>
    public static string UnknownDependency(string task, string dependency) =>
        $"Task '{task}' depends on '{dependency}', which is not a task of this workflow. "
        + "Add a task with that name, or fix the name (dependencies on tasks of other workflows are not supported).";

    /// <summary>Task <paramref name="task"/> names itself among its dependencies.</summary>
    public static string SelfDependency(string task) => $"Task '{task}' depends on itself; remove it from its own dependencies.";

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";
}
