using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace River.Runtime.Tests.Rules;

/// <summary>
/// The public wording of the option rules cannot drift from the rules: each rule's text (<see cref="JobOptionRules.KindRule"/>
/// and its siblings) is checked against the constants and the validator, and the XML docs of the public API and
/// docs/queues.md must state that text word for word.
/// </summary>
public sealed class RuleWordingTests
{
    [Fact]
    public void Each_rule_text_states_the_rule_s_own_limits()
    {
        Assert.StartsWith($"{JobOptionRules.KindMinLength} to {JobOptionRules.KindMaxLength} characters: ", JobOptionRules.KindRule, StringComparison.Ordinal);
        foreach (var c in JobOptionRules.KindExtraCharacters)
        {
            Assert.Contains(" " + c, JobOptionRules.KindRule, StringComparison.Ordinal);
            Assert.Null(JobOptionRules.ValidateKind("k" + c));
        }
        Assert.StartsWith($"1 to {JobOptionRules.QueueMaxLength} characters: ", JobOptionRules.QueueRule, StringComparison.Ordinal);
        Assert.EndsWith("separated by a single _, - or |", JobOptionRules.QueueRule, StringComparison.Ordinal);
        foreach (var queue in new[] { "a_b", "a-b", "a|b", "a1" })
        {
            Assert.Null(JobOptionRules.ValidateQueue(queue));
        }
        foreach (var queue in new[] { "A", "a.b", "a__b", "_a", "a-" })
        {
            Assert.NotNull(JobOptionRules.ValidateQueue(queue));
        }
        Assert.StartsWith($"{JobOptionRules.TagMinLength} to {JobOptionRules.TagMaxLength} characters: ", JobOptionRules.TagRule, StringComparison.Ordinal);
        Assert.StartsWith($"1 to {JobOptionRules.SchemaMaxLength} characters: ", JobOptionRules.SchemaRule, StringComparison.Ordinal);
        Assert.EndsWith("not starting with pg_", JobOptionRules.SchemaRule, StringComparison.Ordinal);
        Assert.NotNull(JobOptionRules.ValidateSchemaName("pg_x"));
        Assert.NotNull(JobOptionRules.ValidateSchemaName("Jobs"));
    }

    public static TheoryData<string, string> DocumentedMembers() => new()
    {
        { "T:River.JobArgsAttribute", JobOptionRules.KindRule },
        { "M:River.JobArgsAttribute.#ctor(System.String)", JobOptionRules.KindRule },
        { "P:River.JobArgsAttribute.Queue", JobOptionRules.QueueRule },
        { "P:River.JobArgsAttribute.Tags", JobOptionRules.TagRule },
        { "P:River.InsertOptions.Queue", JobOptionRules.QueueRule },
        { "P:River.InsertOptions.Tags", JobOptionRules.TagRule },
        { "P:River.QueueConfig.Name", JobOptionRules.QueueRule },
        { "M:River.QueueConfigCollection.Add(System.String,System.Int32,System.Nullable{System.TimeSpan},System.Nullable{System.TimeSpan})", JobOptionRules.QueueRule },
        { "P:River.RiverClientOptions.Schema", JobOptionRules.SchemaRule },
        { "P:River.RiverMigratorOptions.Schema", JobOptionRules.SchemaRule },
    };

    [Theory]
    [MemberData(nameof(DocumentedMembers))]
    public void The_XML_docs_state_the_rule(string member, string rule)
    {
        var docs = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "River.Runtime.xml"));
        var element = docs.Descendants("member").SingleOrDefault(m => (string?)m.Attribute("name") == member);
        Assert.True(element is not null, member + " has no XML docs");
        Assert.Contains(rule, Normalize(element.Value), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("queues.md", nameof(JobOptionRules.QueueRule))]
    [InlineData("queues.md", nameof(JobOptionRules.KindRule))]
    [InlineData("queues.md", nameof(JobOptionRules.TagRule))]
    [InlineData("operations.md", nameof(JobOptionRules.SchemaRule))]
    public void The_docs_state_the_rule(string page, string ruleName)
    {
        var rule = (string)typeof(JobOptionRules).GetField(ruleName)!.GetValue(null)!;
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", page));
        Assert.Contains(rule, Normalize(text.Replace("`", "", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private static string Normalize(string text) => Regex.Replace(text, @"\s+", " ");

    private static string RepositoryRoot([CallerFilePath] string path = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
