using System.Text;
using BenchmarkDotNet.Attributes;
using River;
using River.Insertion;

namespace River.Benchmarks.Serialization;

/// <summary>An args record with one free-text field, for the input-check benchmarks.</summary>
[JobArgs("bench.note")]
public sealed record NoteArgs(string Text);

/// <summary>
/// The insert-time checks of hostile input (NUL and lone-surrogate escapes, metadata parsing and keys) on 1 MB of
/// text: emoji, escaped emoji, <c>\uD</c>-like text and plain ASCII, in args (serialize + checks) and in metadata.
/// Target: each under 10 ms (issue 23; the former rescanning took 19–56 s on such inputs).
/// Run: <c>dotnet run -c Release --project benchmarks/River.Benchmarks -- --filter '*InputCheckBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class InputCheckBenchmarks
{
    private const int Size = 1 << 20;

    private static readonly InsertPreparer Preparer = new(25, TimeProvider.System);
    private static readonly JobDefinition<NoteArgs> Definition = JobDefinition.For<NoteArgs>();
    private static readonly ReadOnlyMemory<byte> SmallArgs = Definition.Serialize(new NoteArgs("x"));

    private NoteArgs _args = null!;
    private InsertOptions _metadata = null!;

    /// <summary>The text of the 1 MB field.</summary>
    [Params("emoji", "escaped-emoji", "uD-like", "ascii")]
    public string Text { get; set; } = "ascii";

    [GlobalSetup]
    public void Setup()
    {
        // Args hold the text as a C# string; metadata holds it as JSON text, so "escaped emoji" there is \uD83D\uDE00.
        var (value, json) = Text switch
        {
            "emoji" => (Repeat("😀"), Repeat("😀")),
            "escaped-emoji" => (Repeat("\\uD83D\\uDE00"), Repeat("\\uD83D\\uDE00")),
            "uD-like" => (Repeat("\\uD"), Repeat("\\\\uD")),
            _ => (Repeat("abcdefgh"), Repeat("abcdefgh")),
        };
        _args = new NoteArgs(value);
        _metadata = new InsertOptions { Metadata = "{\"note\":\"" + json + "\"}" };
    }

    [Benchmark]
    public int Args() => JobInsertRequest.Create(_args).EncodedArgs.Length;

    [Benchmark]
    public string Metadata() => Preparer.Prepare(Definition, SmallArgs, _metadata).Kind;

    /// <summary>1 MB of UTF-8 made of <paramref name="unit"/>.</summary>
    private static string Repeat(string unit) => string.Concat(Enumerable.Repeat(unit, Size / Encoding.UTF8.GetByteCount(unit)));
}
