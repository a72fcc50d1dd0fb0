using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace River.Cli.Bench;

/// <summary>
/// The charts of a run, as SVG files (OxyPlot's SVG exporter: no native dependency, viewable in any browser and on
/// GitHub): throughput over time for a burn-down or continuous run, the latency distribution for a latency run.
/// </summary>
internal static class BenchCharts
{
    private const int Width = 900;
    private const int Height = 420;

    /// <summary>Writes <c>&lt;name&gt;-throughput.svg</c>: jobs/s per sampling interval, and the run's mean as a line.</summary>
    public static string WriteThroughput(string directory, string name, string title, IReadOnlyList<(double Seconds, long Count)> samples)
    {
        var model = NewModel(title, "seconds since the work started", "jobs completed per second");
        var rate = new LineSeries { Title = "per " + BenchTimeline.Interval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms", Color = OxyColor.FromRgb(0x1f, 0x77, 0xb4), StrokeThickness = 1.5 };
        for (var i = 1; i < samples.Count; i++)
        {
            // The final sample closes a partial interval: a rate over a sliver of time says nothing, so it is left out.
            var dt = samples[i].Seconds - samples[i - 1].Seconds;
            if (dt >= BenchTimeline.Interval.TotalSeconds / 2)
            {
                rate.Points.Add(new DataPoint(samples[i].Seconds, (samples[i].Count - samples[i - 1].Count) / dt));
            }
        }
        model.Series.Add(rate);
        if (samples.Count > 1 && samples[^1].Seconds > 0)
        {
            var mean = samples[^1].Count / samples[^1].Seconds;
            model.Subtitle = "blue: jobs/s per " + BenchTimeline.Interval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)
                + " ms; dashed red: the mean, " + mean.ToString("N0", CultureInfo.InvariantCulture) + " jobs/s";
            model.Series.Add(new LineSeries
            {
                Title = "mean " + mean.ToString("N0", CultureInfo.InvariantCulture) + " jobs/s",
                Color = OxyColor.FromRgb(0xd6, 0x27, 0x28),
                LineStyle = LineStyle.Dash,
                Points = { new DataPoint(0, mean), new DataPoint(samples[^1].Seconds, mean) },
            });
        }
        return Write(model, directory, name + "-throughput.svg");
    }

    /// <summary>Writes <c>&lt;name&gt;-pickup.svg</c>: the share of jobs picked up within x ms (a cumulative distribution).</summary>
    public static string WriteLatency(string directory, string name, string title, double[] latenciesMs)
    {
        var model = NewModel(title, "milliseconds from insert commit to WorkAsync entered", "share of jobs (%)");
        model.Axes[0] = new LogarithmicAxis { Position = AxisPosition.Bottom, Title = "milliseconds from insert commit to WorkAsync entered", Minimum = 0.05, MajorGridlineStyle = LineStyle.Dot };
        var sorted = latenciesMs.Where(double.IsFinite).Select(l => Math.Max(l, 0.05)).Order().ToArray();
        if (sorted.Length > 0)
        {
            model.Subtitle = string.Create(CultureInfo.InvariantCulture,
                $"{sorted.Length:N0} jobs; p50 {sorted[sorted.Length / 2]:0.00} ms, p99 {sorted[Math.Min(sorted.Length - 1, sorted.Length * 99 / 100)]:0.00} ms, max {sorted[^1]:0.00} ms");
        }
        var cdf = new LineSeries { Title = "commit to start", Color = OxyColor.FromRgb(0x1f, 0x77, 0xb4), StrokeThickness = 1.5 };
        var step = Math.Max(1, sorted.Length / 2000);
        for (var i = 0; i < sorted.Length; i += step)
        {
            cdf.Points.Add(new DataPoint(sorted[i], 100.0 * (i + 1) / sorted.Length));
        }
        if (sorted.Length > 0)
        {
            cdf.Points.Add(new DataPoint(sorted[^1], 100));
        }
        model.Series.Add(cdf);
        return Write(model, directory, name + "-pickup.svg");
    }

    /// <summary>
    /// Writes <c>&lt;name&gt;-stages.svg</c>: the p50 and p99 of each stage of the pickup path (horizontal bars, one
    /// pair per stage, in path order from the top), so the stage where the time goes stands out.
    /// </summary>
    public static string WriteStages(string directory, string name, string title, IReadOnlyList<(string Stage, LatencySummary Summary)> stages)
    {
        var model = new PlotModel { Title = title, Background = OxyColors.White };
        var categories = new CategoryAxis { Position = AxisPosition.Left, StartPosition = 1, EndPosition = 0, GapWidth = 0.3 };
        foreach (var (stage, _) in stages)
        {
            categories.Labels.Add(stage.Replace('_', ' '));
        }
        model.Axes.Add(categories);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "milliseconds", Minimum = 0, MajorGridlineStyle = LineStyle.Dot });
        var p50 = new BarSeries { Title = "p50", FillColor = OxyColor.FromRgb(0x1f, 0x77, 0xb4) };
        var p99 = new BarSeries { Title = "p99", FillColor = OxyColor.FromRgb(0xff, 0x7f, 0x0e) };
        foreach (var (_, l) in stages)
        {
            p50.Items.Add(new BarItem(Math.Max(0, l.P50)));
            p99.Items.Add(new BarItem(Math.Max(0, l.P99)));
        }
        model.Series.Add(p50);
        model.Series.Add(p99);
        model.Subtitle = string.Create(CultureInfo.InvariantCulture,
            $"{(stages.Count > 0 ? stages[0].Summary.Count : 0):N0} jobs woken by their own notification; blue: p50, orange: p99");
        model.PlotMargins = new OxyThickness(190, double.NaN, 30, double.NaN);
        return Write(model, directory, name + "-stages.svg");
    }

    private static PlotModel NewModel(string title, string xTitle, string yTitle)
    {
        var model = new PlotModel { Title = title, Background = OxyColors.White };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = yTitle, Minimum = 0, MajorGridlineStyle = LineStyle.Dot, AxisTitleDistance = 16 });
        // No legend: the exporter's text measurer underestimates widths and clips legend text; the subtitle says what the lines are.
        model.PlotMargins = new OxyThickness(80, double.NaN, 30, double.NaN);
        return model;
    }

    private static string Write(PlotModel model, string directory, string file)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, file);
        using var stream = File.Create(path);
        new SvgExporter { Width = Width, Height = Height }.Export(model, stream);
        return path;
    }
}
