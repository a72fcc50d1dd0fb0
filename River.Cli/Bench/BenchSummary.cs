using System.Globalization;
using System.Text;
using System.Text.Json;

namespace River.Cli.Bench;

/// <summary>The result of one run; printed as text and, with <c>--json</c>, as one JSON object on the last line.</summary>
internal sealed record BenchSummary
{
    public required BenchMode Mode { get; init; }
    public required long Jobs { get; init; }
    public double? InsertJobsPerSec { get; init; }
    public double? WorkJobsPerSec { get; init; }
    /// <summary>Latency mode: insert commit → worker entered.</summary>
    public LatencySummary? Latency { get; init; }
    /// <summary>Latency mode: each stage of the pickup path (see <see cref="BenchProbe.Stages"/>), in path order.</summary>
    public IReadOnlyList<(string Stage, LatencySummary Summary)> PickupStages { get; init; } = [];
    /// <summary>Latency mode: insert commit → outcome written by the completer.</summary>
    public LatencySummary? CompletedLatency { get; init; }
    public double? PeakRssMb { get; init; }
    public double? AllocBytesPerJob { get; init; }
    public double? SqlLimitJobsPerSec { get; init; }
    /// <summary>The server's own INSERT … SELECT rate on the same table (with <c>--compare-sql</c>).</summary>
    public double? SqlInsertJobsPerSec { get; init; }
    public TimeSpan Elapsed { get; init; }
    /// <summary>Fetch statements of the work phase (all producers, all processes), when known.</summary>
    public long? Fetches { get; init; }
    /// <summary>The run's settings (in the JSON summary).</summary>
    public BenchSettings? Settings { get; init; }
    /// <summary>Where the run was measured (in the JSON summary).</summary>
    public BenchEnvironment? Environment { get; init; }
    /// <summary>With <c>--workflow</c>: tasks per workflow, workflows worked, and the work and insert rate of their tasks.</summary>
    public int? WorkflowSize { get; init; }
    public long? Workflows { get; init; }
    public double? WorkflowTasksPerSec { get; init; }
    public double? WorkflowInsertTasksPerSec { get; init; }
    /// <summary>Chart files written (<c>--charts</c>).</summary>
    public IReadOnlyList<string> Charts { get; init; } = [];

    public static string ModeName(BenchMode mode) => mode switch
    {
        BenchMode.BurnDown => "burn-down",
        BenchMode.Continuous => "continuous",
        _ => "latency",
    };

    /// <summary>The human-readable summary lines.</summary>
    public string ToText()
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"summary: {ModeName(Mode)}, {Jobs:N0} jobs in {Elapsed.TotalSeconds:0.0} s\n");
        if (InsertJobsPerSec is { } insert)
        {
            s.Append(CultureInfo.InvariantCulture, $"  insert:        {insert,12:N0} jobs/s\n");
        }
        if (SqlInsertJobsPerSec is { } sqlInsert)
        {
            s.Append(CultureInfo.InvariantCulture, $"  sql insert:    {sqlInsert,12:N0} jobs/s");
            if (InsertJobsPerSec is { } i)
            {
                s.Append(CultureInfo.InvariantCulture, $"  (insert / sql insert = {i / sqlInsert:P0})");
            }
            s.Append('\n');
        }
        if (WorkJobsPerSec is { } work)
        {
            s.Append(CultureInfo.InvariantCulture, $"  work:          {work,12:N0} jobs/s\n");
        }
        if (WorkflowTasksPerSec is { } tasks)
        {
            s.Append(CultureInfo.InvariantCulture, $"  workflow work: {tasks,12:N0} tasks/s ({Workflows:N0} workflows of {WorkflowSize} tasks");
            if (WorkJobsPerSec is { } plain)
            {
                s.Append(CultureInfo.InvariantCulture, $"; workflow / plain = {tasks / plain:P0}");
            }
            s.Append(")\n");
            s.Append(CultureInfo.InvariantCulture, $"  workflow insert: {WorkflowInsertTasksPerSec,10:N0} tasks/s (one InsertWorkflowAsync per workflow)\n");
        }
        if (SqlLimitJobsPerSec is { } limit)
        {
            s.Append(CultureInfo.InvariantCulture, $"  sql-limit:     {limit,12:N0} jobs/s");
            if (WorkJobsPerSec is { } w)
            {
                s.Append(CultureInfo.InvariantCulture, $"  (work / sql-limit = {w / limit:P0})");
            }
            s.Append('\n');
        }
        AppendLatency(s, "commit → start", Latency);
        AppendLatency(s, "commit → done ", CompletedLatency);
        if (PickupStages.Count > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"  pickup stages (jobs whose fetch their own notification woke: {PickupStages[0].Summary.Count:N0}), ms:\n");
            foreach (var (stage, l) in PickupStages)
            {
                s.Append(CultureInfo.InvariantCulture, $"    {stage,-27} p50 {l.P50,7:0.000}  p90 {l.P90,7:0.000}  p99 {l.P99,7:0.000}  max {l.Max,8:0.000}\n");
            }
        }
        if (AllocBytesPerJob is { } alloc)
        {
            s.Append(CultureInfo.InvariantCulture, $"  allocated:     {alloc,12:N0} bytes/job (whole process, work phase)\n");
        }
        if (PeakRssMb is { } rss)
        {
            s.Append(CultureInfo.InvariantCulture, $"  peak RSS:      {rss,12:N1} MB\n");
        }
        return s.ToString();
    }

    /// <summary>One line: <c>{"mode","jobs","insert_jobs_per_sec","work_jobs_per_sec","latency_ms":{…},"peak_rss_mb","alloc_bytes_per_job",…}</c>.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("mode", ModeName(Mode));
            w.WriteNumber("jobs", Jobs);
            WriteNumber(w, "insert_jobs_per_sec", InsertJobsPerSec);
            WriteNumber(w, "work_jobs_per_sec", WorkJobsPerSec);
            WriteLatency(w, "latency_ms", Latency);
            WriteNumber(w, "peak_rss_mb", PeakRssMb);
            WriteNumber(w, "alloc_bytes_per_job", AllocBytesPerJob);
            WriteLatency(w, "completed_latency_ms", CompletedLatency);
            if (PickupStages.Count > 0)
            {
                w.WriteStartObject("pickup_stages_ms");
                w.WriteNumber("jobs", PickupStages[0].Summary.Count);
                foreach (var (stage, l) in PickupStages)
                {
                    WriteLatency(w, stage, l);
                }
                w.WriteEndObject();
            }
            if (WorkflowSize is { } size)
            {
                w.WriteStartObject("workflow");
                w.WriteNumber("tasks_per_workflow", size);
                w.WriteNumber("workflows", Workflows ?? 0);
                WriteNumber(w, "work_tasks_per_sec", WorkflowTasksPerSec);
                WriteNumber(w, "insert_tasks_per_sec", WorkflowInsertTasksPerSec);
                WriteNumber(w, "work_ratio_to_plain", WorkflowTasksPerSec / WorkJobsPerSec);
                w.WriteEndObject();
            }
            WriteNumber(w, "sql_limit_jobs_per_sec", SqlLimitJobsPerSec);
            WriteNumber(w, "sql_insert_jobs_per_sec", SqlInsertJobsPerSec);
            WriteNumber(w, "elapsed_sec", Elapsed.TotalSeconds);
            WriteNumber(w, "fetches", Fetches);
            if (Settings is { } s)
            {
                w.WriteStartObject("settings");
                w.WriteNumber("workers", s.Workers);
                w.WriteNumber("queues", s.Queues);
                w.WriteNumber("processes", s.Processes);
                w.WriteNumber("fetch_cooldown_ms", s.FetchCooldown.TotalMilliseconds);
                w.WriteBoolean("delete_completed", s.DeleteCompleted);
                w.WriteBoolean("client_registry", !s.NoRegistry);
                if (s.KindLimit is { } kindLimit)
                {
                    w.WriteNumber("kind_limit", kindLimit);
                }
                else
                {
                    w.WriteNull("kind_limit");
                }
                w.WriteNumber("preload_finalized", s.PreloadFinalized);
                w.WriteNumber("preload_scheduled", s.PreloadScheduled);
                w.WriteEndObject();
            }
            Environment?.Write(w);
            if (Charts.Count > 0)
            {
                w.WriteStartArray("charts");
                foreach (var chart in Charts)
                {
                    w.WriteStringValue(chart);
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void AppendLatency(StringBuilder s, string label, LatencySummary? l)
    {
        if (l is not null)
        {
            s.Append(CultureInfo.InvariantCulture,
                $"  {label}: p50 {l.P50:0.00} ms, p90 {l.P90:0.00} ms, p99 {l.P99:0.00} ms, max {l.Max:0.00} ms ({l.Count:N0} jobs)\n");
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, Math.Round(v, 3));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteLatency(Utf8JsonWriter w, string name, LatencySummary? l)
    {
        if (l is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        w.WriteNumber("p50", Math.Round(l.P50, 3));
        w.WriteNumber("p90", Math.Round(l.P90, 3));
        w.WriteNumber("p99", Math.Round(l.P99, 3));
        w.WriteNumber("max", Math.Round(l.Max, 3));
        w.WriteEndObject();
    }
}
