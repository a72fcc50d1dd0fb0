using System.Text;
using River.Uniqueness;

namespace River.Runtime.Tests.Uniqueness;

/// <summary>
/// Golden unique keys computed by River itself (Go's <c>dbunique.UniqueKey</c> over <c>json.Marshal</c>
/// output), from River's conformance fixtures (<c>conformance/fixtures/unique_keys.json</c>). The args are
/// the exact bytes Go's encoder produced.
/// </summary>
public sealed class RiverConformanceUniqueKeyTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero).AddTicks(9000);
    private static readonly DateTimeOffset Scheduled = Now.AddHours(2).AddMinutes(17);
    private static readonly string[] SelectedPaths = ["account.id", "account.region", "label", "path/key"];

    private const string Selected = "conformance_selected_args";
    private const string All = "conformance_all_args";

    public static TheoryData<string, string, string, string[]?> ByArgsCases => new()
    {
        { "all_selected_fields_omitted", Selected, "{}", SelectedPaths },
        { "selected_siblings_and_slash_key", Selected, """{"account":{"id":"acct","ignored":"irrelevant","region":"west"},"path/key":"slash"}""", SelectedPaths },
        { "selected_nested_args", Selected, """{"account":{"id":"acct-123","ignored":"not selected"},"ignored":true,"label":"selected"}""", SelectedPaths },
        { "selected_explicit_null", Selected, """{"label":null}""", SelectedPaths },
        { "nested_struct_wire_order", All, """{"nested":{"z":1,"a":2}}""", null },
        { "all_args_sorted_and_escaped", All, """{"zeta":"quoted \\\"value\\\" and \\\\ slash","alpha":"\u003calpha\u003e\u0026\u2028line","maximum":9007199254740991}""", null },
        { "all_args_literal_path_syntax", All, """{"":0,"a.b":1,"@x":2,":lead":3,"!bang":4,"[open":5,"{brace":6,"a\\b":7}""", null },
        { "all_args_escaped_key_encoding", All, """{"a\"b":1,"line\n":2,"é":3,"a\u003cb":4,"a\u0026b":5,"a\u2028b":6}""", null },
        { "numeric_boundaries", "conformance_numeric_boundaries", """{"exponent":1e+100,"fraction":1.25,"maximum":9223372036854775807,"minimum":-9223372036854775808,"unsigned_maximum":18446744073709551615}""", null },
        { "typed_collections_and_nulls", All, """{"empty":[],"labels":{"alpha":"first","k10":"ten","k2":"two","zulu":"last"},"matrix":[[3,1],[],[2]],"missing":null,"objects":[{"zulu":"z","alpha":1},{"zulu":"y","alpha":null}],"pointer":null}""", null },
        { "typed_empty_args", All, "{}", null },
        { "typed_escaping", All, "{\"a\\u003cb\\u003e\":\"\\u003cangle\\u003e\",\"controls\":\"\\b\\f\\n\\r\\t\\u0000\\u0001\\u001f\u007f\",\"html\":\"\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e\",\"keys\":{\"\\u003ck\\u003e\":1,\"a\\u0026b\":2,\"é\":3,\"é\\u003c\":4},\"separators\":\"line\\u2028paragraph\\u2029end\",\"unicode\":\"é😀/\\\\\",\"é\\u0026\":\"unicode key\"}", null },
        { "typed_time_values", All, """{"fraction":"2026-01-02T03:04:05.5Z","micros":"2026-01-02T03:04:05.123456Z","millis":"2026-01-02T03:04:05.12Z","whole":"2026-01-02T03:04:05Z"}""", null },
        { "typed_float_formatting", All, """{"below_large":999999999999999900000,"large":100000000000000000000,"large_boundary":1e+21,"largest":1.7976931348623157e+308,"negative":-1.5e-9,"negative_zero":-0,"one":1,"single":1.1,"single_large":1e+21,"single_small":1e-7,"small":1e-7,"small_boundary":0.000001,"smallest":5e-324,"tenth":0.1}""", null },
        { "typed_duplicate_top_level_keys", All, """{"a":1,"a":2,"b":3}""", null },
        { "typed_integer_like_map_keys", All, """{"empty":[],"labels":{"10":"ten","2":"two","alpha":"first","zulu":"last"},"matrix":[],"missing":null,"objects":[],"pointer":null}""", null },
    };

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["all_selected_fields_omitted"] = "23aa86692d9807ab10e433e378f1c0804573f5e345818461b919322dd381b4c3",
        ["selected_siblings_and_slash_key"] = "7d62e81ac25cfa2dec69ad5a41e0b78188ee1b299bed329b453da6b3abca70bd",
        ["selected_nested_args"] = "6130dc4f753402d1faeb6bbc3e6c21415245bb282ad1fd16bcbfeebde525e726",
        ["selected_explicit_null"] = "d137d7c4f1e3f8369037b1890357655b4fa1978a329bcf51435f9f0b54abcab7",
        ["nested_struct_wire_order"] = "46ff499cb031d0458bb00ef87e7b83321eefb6e7534497c279c4ae0f474cdde0",
        ["all_args_sorted_and_escaped"] = "7a84c62c8d470ca388a0a1e41c311b9eb1ea21f7b88157ceb876fc82e698b6af",
        ["all_args_literal_path_syntax"] = "1d254dda1efe1009ffb205ede791d481545d66abb8542e85f0d895415b05cdf9",
        ["all_args_escaped_key_encoding"] = "bab84635792449d758b18950f6f014bfb16d26430e798d84afee9fc9cb793163",
        ["numeric_boundaries"] = "2c1533b3ab43068407d14e82ddb34a295a51375ae3a27fef6931123f07677f38",
        ["typed_collections_and_nulls"] = "66d457888b4b71f0a0041251f75d494e1ac543717283d84633a274648559306d",
        ["typed_empty_args"] = "fe05a58ddb79a8d4544da962582d9a290d59788c920afd3597da3a62e3c1b0ac",
        ["typed_escaping"] = "a4c2a164225cba2e3ae56edbc11258e49a7325d73a9b70e5c9b47a51963d00c5",
        ["typed_time_values"] = "18b38780de3019cc75d49ff24a74eecdcff99fda0bb36c0244a35f262b15322b",
        ["typed_float_formatting"] = "dc330477ebe8bf2bc3402476365fcfe22c82253f744481c49a23f760f059cad4",
        ["typed_duplicate_top_level_keys"] = "f3568e94e18a68ce633bd444fe9ec448382740bcf02b83b210cb68e74220fb5f",
        ["typed_integer_like_map_keys"] = "38406019aea1ea67f81186d845e983b197b2d919ded5eca871e4fef0c8b0ad30",
    };

    [Theory]
    [MemberData(nameof(ByArgsCases))]
    public void By_args_matches_River(string name, string kind, string args, string[]? paths)
    {
        var opts = new UniqueOptions { ByArgs = true, ArgPaths = paths };
        var key = UniqueKeyBuilder.Compute(kind, Encoding.UTF8.GetBytes(args), opts, "default", null, new FixedTime(Now));
        Assert.Equal(Expected[name], Convert.ToHexStringLower(key));
    }

    [Theory]
    [InlineData("period_from_now", 90, false, "5396f06a082abd7a929915135ebd363a9a47d800176b03ce7736f93a5ba9e22e")]
    [InlineData("period_from_schedule", 60, true, "b7f3c49952996b760b8b3ff6cf48f426e03a6ef0f004fb6faa51725365cf309a")]
    public void By_period_matches_River(string name, int minutes, bool scheduled, string expected)
    {
        _ = name;
        var opts = new UniqueOptions { ByPeriod = TimeSpan.FromMinutes(minutes) };
        var key = UniqueKeyBuilder.Compute("conformance_simple", """{"id":42}"""u8, opts, "default", scheduled ? Scheduled : null, new FixedTime(Now));
        Assert.Equal(expected, Convert.ToHexStringLower(key));
    }

    [Fact]
    public void Period_does_not_depend_on_the_offset_of_now_or_of_the_scheduled_time()
    {
        var opts = new UniqueOptions { ByPeriod = TimeSpan.FromHours(1) };
        var nowMinus5 = Now.ToOffset(TimeSpan.FromHours(-5));
        Assert.Equal("5396f06a082abd7a929915135ebd363a9a47d800176b03ce7736f93a5ba9e22e",
            Convert.ToHexStringLower(UniqueKeyBuilder.Compute("conformance_simple", """{"id":42}"""u8, opts, "default", null, new FixedTime(nowMinus5))));
        var scheduledPlus530 = Scheduled.ToOffset(new TimeSpan(5, 30, 0));
        Assert.Equal("b7f3c49952996b760b8b3ff6cf48f426e03a6ef0f004fb6faa51725365cf309a",
            Convert.ToHexStringLower(UniqueKeyBuilder.Compute("conformance_simple", """{"id":42}"""u8, opts, "default", scheduledPlus530, new FixedTime(Now))));
    }

    [Fact]
    public void Queue_without_kind_matches_River()
    {
        var opts = new UniqueOptions { ByQueue = true, ExcludeKind = true };
        var key = UniqueKeyBuilder.Compute("conformance_simple", """{"id":42}"""u8, opts, "priority_emails", null, new FixedTime(Now));
        Assert.Equal("d20ce47da8e8015e68b020bbca2b17494139519ae05f8985e5992db4d8dd8a09", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void All_dimensions_with_custom_states_match_River()
    {
        var opts = new UniqueOptions
        {
            ByArgs = true,
            ByPeriod = TimeSpan.FromMinutes(1),
            ByQueue = true,
            ByState = [JobState.Available, JobState.Completed, JobState.Pending, JobState.Running, JobState.Scheduled],
        };
        var key = UniqueKeyBuilder.Compute("conformance_simple", """{"id":42}"""u8, opts, "priority_emails", Scheduled, new FixedTime(Now));
        Assert.Equal("6f20262e7b1fa9beaf98255f23030800376636484a98b20c2c04a303bab5a8d5", Convert.ToHexStringLower(key));
        Assert.Equal(213, UniqueStates.ToBitmask(opts.ByState));
        Assert.Equal(245, UniqueStates.ToBitmask(null));
    }

    /// <summary>
    /// River's fixture gives <c>fcdf33e0…</c> for these args, a value produced by its earlier sjson-based
    /// code, which mishandled the empty key. River's current <c>appendSortedObject</c> includes empty keys
    /// literally ("distinct values of such keys produce distinct output"), which is what is built here.
    /// </summary>
    [Fact]
    public void Empty_and_numeric_top_level_keys_follow_Rivers_current_rule()
    {
        var text = UniqueKeyBuilder.BuildKeyString(All, """{"2":2,"10":10,"zero":-0,"😀":1,"":2}"""u8, new UniqueOptions { ByArgs = true }, "default", null, new FixedTime(Now));
        Assert.Equal("""&kind=conformance_all_args&args={"":2,"10":10,"2":2,"zero":-0,"😀":1}""", text);
    }
}
