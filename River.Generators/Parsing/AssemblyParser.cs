using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using River.Generators.Model;

namespace River.Generators.Parsing;

/// <summary>Reads assembly-wide options and the registries of referenced assemblies.</summary>
internal static class AssemblyParser
{
    /// <summary>The generated registry method that creates an assembly's <c>[PeriodicJob]</c> schedules.</summary>
    internal const string PeriodicJobsMethod = "CreatePeriodicJobs";

    public static AssemblyModel Parse(Compilation compilation, CancellationToken cancellationToken)
    {
        var namingPolicy = Emitting.NamingPolicies.Default;
        string? context = null;
        var strictArgs = true;
        var options = TypeShapes.FindAttribute(compilation.Assembly, KnownNames.RiverJsonOptionsAttribute);
        if (options is not null)
        {
            foreach (var named in options.NamedArguments)
            {
                if (named.Key == "NamingPolicy" && named.Value.Value is int policy)
                {
                    namingPolicy = policy;
                }
                else if (named.Key == "Context" && named.Value.Value is INamedTypeSymbol ctx)
                {
                    context = TypeNames.Of(ctx);
                }
                else if (named.Key == "StrictArgs" && named.Value.Value is bool strict)
                {
                    strictArgs = strict;
                }
            }
        }

        var registries = new SortedSet<string>(System.StringComparer.Ordinal);
        var periodicRegistries = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Only assemblies that reference River.Runtime can carry a registry.
            if (!assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == "River.Runtime")))
            {
                continue;
            }
            var registry = assembly.GetAttributes()
                .FirstOrDefault(a => a.AttributeClass is { } c && TypeShapes.MetadataName(c) == KnownNames.RiverJobRegistryAttribute);
            if (registry?.ConstructorArguments.FirstOrDefault().Value is INamedTypeSymbol type &&
                type.DeclaredAccessibility == Accessibility.Public &&
                type.GetMembers("AddTo").Any(m => m is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public }))
            {
                registries.Add(TypeNames.Of(type));
                if (type.GetMembers(PeriodicJobsMethod).Any(m => m is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public, Parameters.Length: 0 }))
                {
                    periodicRegistries.Add(TypeNames.Of(type));
                }
            }
        }

        var assemblyName = compilation.AssemblyName ?? "Assembly";
        return new AssemblyModel(assemblyName, Identifier(assemblyName), namingPolicy, context, registries.ToEquatableArray(), periodicRegistries.ToEquatableArray(), strictArgs);
    }

    /// <summary>The assembly name as a C# identifier: letters and digits kept, words capitalized, e.g. <c>My.Jobs-Lib</c> → <c>MyJobsLib</c>.</summary>
    internal static string Identifier(string name)
    {
        var sb = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }
        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }
        return sb.ToString();
    }
}
