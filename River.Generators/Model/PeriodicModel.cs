namespace River.Generators.Model;

/// <summary>
/// The values of a <c>[PeriodicJob]</c> attribute on a <c>[JobArgs]</c> type whose default instance generated code can
/// build with <c>new T()</c>. The schedule text is carried as written: the runtime parses it at registration, so a
/// bad schedule fails there with a message naming the type, never here.
/// </summary>
/// <param name="Schedule">The cron expression or <c>@every</c> interval, unparsed.</param>
/// <param name="Id">The <c>Id</c> named argument, or <see langword="null"/> (the runtime defaults it to the kind).</param>
/// <param name="TimeZone">The <c>TimeZone</c> named argument, or <see langword="null"/>.</param>
/// <param name="RunOnStart">The <c>RunOnStart</c> named argument.</param>
/// <param name="Misfire">The <c>Misfire</c> named argument as its number, or <see langword="null"/>.</param>
/// <param name="MaxMisfireRuns">The <c>MaxMisfireRuns</c> named argument, or <see langword="null"/>.</param>
internal sealed record PeriodicModel(string Schedule, string? Id, string? TimeZone, bool RunOnStart, int? Misfire = null, int? MaxMisfireRuns = null);
