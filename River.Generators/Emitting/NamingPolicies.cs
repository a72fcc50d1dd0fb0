using System.Globalization;
using System.Text;

namespace River.Generators.Emitting;

/// <summary>
/// System.Text.Json's known naming policies, computed at compile time. Each must return exactly what
/// <c>JsonNamingPolicy.X.ConvertName</c> returns (a test compares them over many names).
/// </summary>
internal static class NamingPolicies
{
    // JsonKnownNamingPolicy values.
    public const int Unspecified = 0;
    public const int CamelCase = 1;
    public const int SnakeCaseLower = 2;
    public const int SnakeCaseUpper = 3;
    public const int KebabCaseLower = 4;
    public const int KebabCaseUpper = 5;

    /// <summary>
    /// The policy of an assembly without <c>[assembly: RiverJsonOptions(NamingPolicy = …)]</c>: snake_case_lower, River's
    /// JSON convention (<c>customer_id</c>). The generator names properties with it, and the analyzers that resolve
    /// JSON names (RIVER0048, RIVER0052, RIVER0054) must use the same default: this file is linked into both.
    /// <see cref="Unspecified"/> given explicitly keeps the names as written.
    /// </summary>
    public const int Default = SnakeCaseLower;

    /// <summary>Converts a C# member name with the policy; unknown policies keep the name.</summary>
    public static string Convert(int policy, string name) => policy switch
    {
        CamelCase => ToCamelCase(name),
        SnakeCaseLower => ToSeparated(name, '_', lowercase: true),
        SnakeCaseUpper => ToSeparated(name, '_', lowercase: false),
        KebabCaseLower => ToSeparated(name, '-', lowercase: true),
        KebabCaseUpper => ToSeparated(name, '-', lowercase: false),
        _ => name,
    };

    /// <summary>Lower-cases the leading run of upper-case letters, keeping the last one of a run that is followed by a lower-case letter.</summary>
    private static string ToCamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }
            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                // A following space ends the word: lower-case the current letter first.
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }
                break;
            }
            chars[i] = char.ToLowerInvariant(chars[i]);
        }
        return new string(chars);
    }

    private enum SeparatorState
    {
        NotStarted,
        UppercaseLetter,
        LowercaseLetterOrDigit,
        SpaceSeparator,
    }

    /// <summary>
    /// Splits words at case changes and spaces: an upper-case letter after lower-case letters, digits or spaces
    /// starts a word; in a run of upper-case letters the last one starts a word when a lower-case letter follows
    /// ("XMLReader" → "xml_reader"). Spaces are trimmed at the ends and collapse to one separator inside; any other
    /// character is copied and resets the state. Surrogate pairs are not treated as letters.
    /// </summary>
    private static string ToSeparated(string name, char separator, bool lowercase)
    {
        var sb = new StringBuilder(name.Length + (name.Length / 4));
        var state = SeparatorState.NotStarted;
        for (var i = 0; i < name.Length; i++)
        {
            var current = name[i];
            var category = char.GetUnicodeCategory(current);
            switch (category)
            {
                case UnicodeCategory.UppercaseLetter:
                    switch (state)
                    {
                        case SeparatorState.LowercaseLetterOrDigit:
                        case SeparatorState.SpaceSeparator:
                            sb.Append(separator);
                            break;
                        case SeparatorState.UppercaseLetter:
                            if (i + 1 < name.Length && char.IsLower(name[i + 1]))
                            {
                                sb.Append(separator);
                            }
                            break;
                    }
                    sb.Append(lowercase ? char.ToLowerInvariant(current) : current);
                    state = SeparatorState.UppercaseLetter;
                    break;

                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.DecimalDigitNumber:
                    if (state == SeparatorState.SpaceSeparator)
                    {
                        sb.Append(separator);
                    }
                    sb.Append(!lowercase && category == UnicodeCategory.LowercaseLetter ? char.ToUpperInvariant(current) : current);
                    state = SeparatorState.LowercaseLetterOrDigit;
                    break;

                case UnicodeCategory.SpaceSeparator:
                    if (state != SeparatorState.NotStarted)
                    {
                        state = SeparatorState.SpaceSeparator;
                    }
                    break;

                default:
                    sb.Append(current);
                    state = SeparatorState.NotStarted;
                    break;
            }
        }
        return sb.ToString();
    }
}
