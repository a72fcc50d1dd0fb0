using System.Globalization;
using River.Dashboard.Queries;

namespace River.Dashboard.Rendering;

/// <summary>
/// A workflow's tasks drawn as an inline SVG graph by the server: one column per dependency depth (a task sits one
/// column right of its deepest dependency), tasks in a column ordered by the mean row of their dependencies (fewer
/// crossings) then by job id, edges as curves from a dependency to its dependent (dashed while unsatisfied), each node
/// coloured by its job's state and linking to the job. Only markup and classes: the page's styles colour it (the
/// Content-Security-Policy allows no inline style).
/// </summary>
internal static class DagView
{
    public const int NodeWidth = 180;
    public const int NodeHeight = 44;
    private const int GapX = 64;
    private const int GapY = 16;
    private const int Pad = 12;

    /// <summary>Characters of a task name shown in its node (the full name is its tooltip).</summary>
    private const int NameChars = 24;

    /// <summary>Each task's column: 0 without dependencies, else one more than its deepest dependency's (edges among <paramref name="tasks"/> only).</summary>
    public static Dictionary<long, int> Depths(IReadOnlyList<TaskNode> tasks, IReadOnlyList<TaskEdge> edges)
    {
        var known = tasks.Select(t => t.JobId).ToHashSet();
        var inner = edges.Where(e => known.Contains(e.Dependency) && known.Contains(e.Dependent)).ToList();
        var waiting = tasks.ToDictionary(t => t.JobId, _ => 0);
        var dependents = tasks.ToDictionary(t => t.JobId, _ => new List<long>());
        foreach (var edge in inner)
        {
            waiting[edge.Dependent]++;
            dependents[edge.Dependency].Add(edge.Dependent);
        }
        var depth = tasks.ToDictionary(t => t.JobId, _ => 0);
        var ready = new Queue<long>(tasks.Where(t => waiting[t.JobId] == 0).Select(t => t.JobId));
        while (ready.Count > 0)
        {
            var id = ready.Dequeue();
            foreach (var next in dependents[id])
            {
                depth[next] = Math.Max(depth[next], depth[id] + 1);
                if (--waiting[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }
        // A cycle cannot be stored (the insert validates the graph); tasks left waiting keep column 0.
        return depth;
    }

    /// <summary>The position of each task: (column, row).</summary>
    public static Dictionary<long, (int Column, int Row)> Layout(IReadOnlyList<TaskNode> tasks, IReadOnlyList<TaskEdge> edges)
    {
        var depth = Depths(tasks, edges);
        var parents = edges.GroupBy(e => e.Dependent).ToDictionary(g => g.Key, g => g.Select(e => e.Dependency).ToList());
        var place = new Dictionary<long, (int Column, int Row)>();
        foreach (var column in tasks.GroupBy(t => depth[t.JobId]).OrderBy(g => g.Key))
        {
            var ordered = column
                .Select(t => (Task: t, Mean: parents.TryGetValue(t.JobId, out var ps) && ps.Any(place.ContainsKey)
                    ? ps.Where(place.ContainsKey).Average(p => place[p].Row) : double.MaxValue))
                .OrderBy(x => x.Mean).ThenBy(x => x.Task.JobId).ToList();
            for (var row = 0; row < ordered.Count; row++)
            {
                place[ordered[row].Task.JobId] = (column.Key, row);
            }
        }
        return place;
    }

    public static Html Render(this Html html, IReadOnlyList<TaskNode> tasks, IReadOnlyList<TaskEdge> edges, Func<long, string> jobUrl)
    {
        var place = Layout(tasks, edges);
        var columns = place.Count == 0 ? 0 : place.Values.Max(p => p.Column) + 1;
        var rows = place.Count == 0 ? 0 : place.Values.Max(p => p.Row) + 1;
        var width = 2 * Pad + columns * NodeWidth + Math.Max(0, columns - 1) * GapX;
        var height = 2 * Pad + rows * NodeHeight + Math.Max(0, rows - 1) * GapY;
        html.Raw("<svg class=\"dag\" role=\"img\" aria-label=\"Task graph\" width=\"").Raw(N(width)).Raw("\" height=\"").Raw(N(height))
            .Raw("\" viewBox=\"0 0 ").Raw(N(width)).Raw(" ").Raw(N(height)).Raw("\">")
            .Raw("<defs><marker id=\"dag-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\"></path></marker></defs>");
        foreach (var edge in edges)
        {
            if (!place.TryGetValue(edge.Dependency, out var from) || !place.TryGetValue(edge.Dependent, out var to))
            {
                continue;
            }
            var (x1, y1) = (X(from.Column) + NodeWidth, Y(from.Row) + NodeHeight / 2);
            var (x2, y2) = (X(to.Column) - 2, Y(to.Row) + NodeHeight / 2);
            var mid = (x1 + x2) / 2;
            html.Raw("<path class=\"edge").Raw(edge.Satisfied ? "" : " waiting").Raw("\" marker-end=\"url(#dag-arrow)\" d=\"M")
                .Raw(N(x1)).Raw(",").Raw(N(y1)).Raw(" C").Raw(N(mid)).Raw(",").Raw(N(y1)).Raw(" ").Raw(N(mid)).Raw(",").Raw(N(y2)).Raw(" ").Raw(N(x2)).Raw(",").Raw(N(y2)).Raw("\"></path>");
        }
        foreach (var task in tasks)
        {
            var (column, row) = place[task.JobId];
            var state = task.State is { } s ? Badges.Name(s) : "gone";
            var label = task.Name.Length > NameChars ? task.Name[..(NameChars - 1)] + "…" : task.Name;
            if (task.State is not null)
            {
                html.Raw("<a href=\"").Text(jobUrl(task.JobId)).Raw("\">");
            }
            html.Raw("<g class=\"node s-").Raw(state).Raw("\" data-task=\"").Text(task.Name).Raw("\" data-state=\"").Raw(state)
                .Raw("\" transform=\"translate(").Raw(N(X(column))).Raw(",").Raw(N(Y(row))).Raw(")\"><title>").Text(task.Name)
                .Raw(task.Kind is null ? "" : " · ").Text(task.Kind).Raw(" · ").Raw(state).Raw("</title>")
                .Raw("<rect width=\"").Raw(N(NodeWidth)).Raw("\" height=\"").Raw(N(NodeHeight)).Raw("\" rx=\"8\"></rect>")
                .Raw("<circle cx=\"14\" cy=\"15\" r=\"4\"></circle>")
                .Raw("<text class=\"name\" x=\"24\" y=\"19\">").Text(label).Raw("</text>")
                .Raw("<text class=\"sub\" x=\"10\" y=\"35\">").Raw(state == "gone" ? "cleaned up" : state);
            if (task.Attempt > 1)
            {
                html.Raw(" · attempt ").Raw(N(task.Attempt));
            }
            html.Raw("</text></g>").Raw(task.State is null ? "" : "</a>");
        }
        return html.Raw("</svg>");
    }

    private static int X(int column) => Pad + column * (NodeWidth + GapX);

    private static int Y(int row) => Pad + row * (NodeHeight + GapY);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
