using System.Text.Json;
using BenchmarkDotNet.Attributes;
using River;

namespace River.Benchmarks.Serialization;

/// <summary>
/// River.Typed's generated args writer/reader against System.Text.Json with its source generator and with
/// reflection, same type, same snake_case output.
/// </summary>
[MemoryDiagnoser]
public class ArgsSerializationBenchmarks
{
    private static readonly JsonSerializerOptions Reflection = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly EmailArgs _args = new("ada@example.com", "Welcome to River.Typed", 42, new DateTimeOffset(2024, 5, 17, 13, 47, 12, TimeSpan.Zero), ["ops@example.com", "audit@example.com"]);
    private readonly EmailArgs _unicodeArgs = new("zoë@example.com", "Grüße aus Köln — 欢迎 😀 Добро пожаловать", 42, new DateTimeOffset(2024, 5, 17, 13, 47, 12, TimeSpan.Zero), ["ops@exämple.com", "审计@example.com"]);
    private JobDefinition<EmailArgs> _definition = null!;
    private byte[] _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        _definition = JobDefinition.For<EmailArgs>();
        _json = _definition.Serialize(_args);
        var stj = JsonSerializer.SerializeToUtf8Bytes(_args, EmailJsonContext.Default.EmailArgs);
        if (!_json.AsSpan().SequenceEqual(stj))
        {
            throw new InvalidOperationException("The generated writer and System.Text.Json disagree: "
                + System.Text.Encoding.UTF8.GetString(_json) + " vs " + System.Text.Encoding.UTF8.GetString(stj));
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Generated() => _definition.Serialize(_args);

    /// <summary>Non-ASCII strings (every one escaped by the default encoder), an emoji among them.</summary>
    [Benchmark, BenchmarkCategory("Serialize")]
    public byte[] Serialize_Generated_Unicode() => _definition.Serialize(_unicodeArgs);

    /// <summary>
    /// The generated writer on a reused writer with System.Text.Json's default encoder (what <c>Serialize</c> did
    /// before it kept lone surrogates as escapes): the same-run reference for the cost of the escaping encoder.
    /// </summary>
    [Benchmark, BenchmarkCategory("Serialize")]
    public byte[] Serialize_Generated_StjEncoder() => WriteWithDefaultEncoder(_args);

    /// <summary>The same with non-ASCII strings.</summary>
    [Benchmark, BenchmarkCategory("Serialize")]
    public byte[] Serialize_Generated_StjEncoder_Unicode() => WriteWithDefaultEncoder(_unicodeArgs);

    private readonly System.Buffers.ArrayBufferWriter<byte> _stjBuffer = new(256);
    private Utf8JsonWriter? _stjWriter;

    private byte[] WriteWithDefaultEncoder(EmailArgs args)
    {
        _stjBuffer.ResetWrittenCount();
        if (_stjWriter is null)
        {
            _stjWriter = new Utf8JsonWriter(_stjBuffer);
        }
        else
        {
            _stjWriter.Reset(_stjBuffer);
        }
        _definition.Write(_stjWriter, args);
        _stjWriter.Flush();
        return _stjBuffer.WrittenSpan.ToArray();
    }

    /// <summary>What an insert pays before any SQL: serialization plus the checks on the produced JSON.</summary>
    [Benchmark, BenchmarkCategory("Serialize")]
    public JobInsertRequest Encode_ForInsert() => JobInsertRequest.Create(_args);

    /// <summary>The same with non-ASCII strings.</summary>
    [Benchmark, BenchmarkCategory("Serialize")]
    public JobInsertRequest Encode_ForInsert_Unicode() => JobInsertRequest.Create(_unicodeArgs);

    [Benchmark, BenchmarkCategory("Serialize")]
    public byte[] Serialize_StjSourceGen() => JsonSerializer.SerializeToUtf8Bytes(_args, EmailJsonContext.Default.EmailArgs);

    [Benchmark, BenchmarkCategory("Serialize")]
    public byte[] Serialize_StjReflection() => JsonSerializer.SerializeToUtf8Bytes(_args, Reflection);

    [Benchmark, BenchmarkCategory("Deserialize")]
    public EmailArgs Deserialize_Generated() => _definition.Deserialize(_json);

    [Benchmark, BenchmarkCategory("Deserialize")]
    public EmailArgs? Deserialize_StjSourceGen() => JsonSerializer.Deserialize(_json, EmailJsonContext.Default.EmailArgs);

    [Benchmark, BenchmarkCategory("Deserialize")]
    public EmailArgs? Deserialize_StjReflection() => JsonSerializer.Deserialize<EmailArgs>(_json, Reflection);
}
