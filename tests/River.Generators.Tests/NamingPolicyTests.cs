using System.Text.Json;
using River.Generators.Emitting;

namespace River.Generators.Tests;

/// <summary>The compile-time naming policies return exactly what System.Text.Json's return at run time.</summary>
public sealed class NamingPolicyTests
{
    private static readonly string[] Names =
    [
        "", "X", "x", "Id", "ID", "Id2", "ID2", "I2D", "HTTPServer", "HttpServer", "XMLHttpRequest", "IOStream", "already_snake",
        "already-kebab", "camelCase", "PascalCase", "ÄÖ", "Äpfel", "ÖlPreis", "straße", "ǅungla", "A1B2C3", "SHA512Hash", "Sha512Hash",
        "__Private", "_underscore", "Trailing_", "With Space", " Leading", "Trailing ", "Many   Spaces", "ABC", "ABCdef", "abcDEF",
        "aBC", "AbC", "V1", "V1Beta", "Version2Point0", "ΣΛΟΓΟΣ", "ΣίγμαΛ", "İstanbul", "ɐBc", "Ⅻ", "X😀Y", "😀", "123", "1A",
        "A.B", "a-B", "a_B", "URL", "URLs", "MyURLs", "userID", "UserIDs", "ToUTF8", "UTF8Encoding", "Es6Module", "ES6Module",
        "AccountId", "CreatedAt", "MaxAttempts", "IsOK", "OKButton", "ÜberÄnderung", "DŽ", "ǈ", "Ǌungla",
    ];

    public static TheoryData<int> Policies => new() { 0, 1, 2, 3, 4, 5 };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Policy_matches_System_Text_Json(int policy)
    {
        var runtime = policy switch
        {
            NamingPolicies.CamelCase => JsonNamingPolicy.CamelCase,
            NamingPolicies.SnakeCaseLower => JsonNamingPolicy.SnakeCaseLower,
            NamingPolicies.SnakeCaseUpper => JsonNamingPolicy.SnakeCaseUpper,
            NamingPolicies.KebabCaseLower => JsonNamingPolicy.KebabCaseLower,
            NamingPolicies.KebabCaseUpper => JsonNamingPolicy.KebabCaseUpper,
            _ => null,
        };
        var random = new Random(policy);
        var names = Names.Concat(Enumerable.Range(0, 2000).Select(_ => RandomName(random)));
        foreach (var name in names)
        {
            var expected = runtime?.ConvertName(name) ?? name;
            Assert.True(expected == NamingPolicies.Convert(policy, name), $"policy {policy}, name '{name}': expected '{expected}', got '{NamingPolicies.Convert(policy, name)}'");
        }
    }

    [Fact]
    public void Snake_case_examples()
    {
        Assert.Equal("http_server", NamingPolicies.Convert(NamingPolicies.SnakeCaseLower, "HTTPServer"));
        Assert.Equal("id2", NamingPolicies.Convert(NamingPolicies.SnakeCaseLower, "Id2"));
        Assert.Equal("account_id", NamingPolicies.Convert(NamingPolicies.SnakeCaseLower, "AccountId"));
    }

    private static string RandomName(Random random)
    {
        const string alphabet = "AaBbZz09_- ÄäÖößΣσİıǅ.😀";
        var length = random.Next(1, 12);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }
        return new string(chars);
    }
}
