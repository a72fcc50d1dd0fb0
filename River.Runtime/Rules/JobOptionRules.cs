// This file is compiled into River.Runtime (net8.0/net10.0) and linked into the netstandard2.0 analyzer
// project, so it must stay self-contained: no references to other River types, no APIs newer than
// netstandard2.0 (no ArgumentNullException.ThrowIfNull, no string ranges, no GeneratedRegex).

using System;
using System.Collections.Generic;
using System.Globalization;

namespace River;

/// <summary>
/// River's validation rules for job options, as named constants and check functions shared by the
/// runtime (which throws) and the analyzers (which report diagnostics). Every <c>Validate…</c> function
/// returns <see langword="null"/> when the value is valid, otherwise a message that names the field and
/// the rule, e.g. <c>Priority must be between 1 and 4, got 7</c>.
/// </summary>
/// <remarks>
/// Rules follow River (riverqueue/river) and its schema (migration line <c>main</c>, version 7):
/// <list type="bullet">
/// <item>Kind: River's <c>\A[\w][\w\-\[\]&lt;&gt;\/.·:+]+\z</c> (Go's <c>\w</c> is ASCII
/// <c>[0-9A-Za-z_]</c>), so at least 2 characters; at most 127 (the <c>river_job.kind</c> check).</item>
/// <item>Queue: River's <c>^(?:[a-z0-9])+(?:[_|\-]?[a-z0-9]+)*$</c>, at most 64 characters. River's
/// separator class includes <c>|</c>; it is kept for compatibility (a queue River accepts is accepted).</item>
/// <item>Tags: River's <c>\A[\w][\w\-]+[\w]\z</c> (so at least 3 characters), at most 255 characters
/// (<c>varchar(255)</c>), any number of tags.</item>
/// <item>Priority 1..4; max attempts 1..32767 (<c>smallint</c>, check <c>&gt; 0</c>).</item>
/// <item>Unique by period at least 1 second; unique states must include available, pending, running
/// and scheduled.</item>
/// </list>
/// </remarks>
internal static class JobOptionRules
{
    // ---- Kind -------------------------------------------------------------------------------------

    /// <summary>Minimum kind length implied by River's kind pattern (a first character and at least one more).</summary>
    public const int KindMinLength = 2;

    /// <summary>Maximum kind length (<c>river_job.kind</c> check: <c>char_length(kind) &lt; 128</c>).</summary>
    public const int KindMaxLength = 127;

    /// <summary>The non-word characters River allows after a kind's first character.</summary>
    public const string KindExtraCharacters = "-[]<>/.\u00B7:+";

    /// <summary>
    /// The kind rule in the words of the public docs: the XML docs of <c>JobArgsAttribute</c> and docs/*.md state
    /// exactly this text, and a test (RuleWordingTests) holds them and this text to the constants above.
    /// </summary>
    public const string KindRule =
        "2 to 127 characters: an ASCII letter, digit or underscore, then ASCII letters, digits, underscores and - [ ] < > / . \u00B7 : +";

    // ---- Queue ------------------------------------------------------------------------------------

    /// <summary>Maximum queue name length (River's <c>validateQueueName</c>).</summary>
    public const int QueueMaxLength = 64;

    /// <summary>The queue rule in the words of the public docs (see <see cref="KindRule"/>).</summary>
    public const string QueueRule =
        "1 to 64 characters: lower-case ASCII letters and digits, in groups separated by a single _, - or |";

    // ---- Tags -------------------------------------------------------------------------------------

    /// <summary>Minimum tag length implied by River's tag pattern (first, middle and last characters).</summary>
    public const int TagMinLength = 3;

    /// <summary>Maximum tag length (<c>varchar(255)</c> and River's check).</summary>
    public const int TagMaxLength = 255;

    /// <summary>The tag rule in the words of the public docs (see <see cref="KindRule"/>).</summary>
    public const string TagRule =
        "3 to 255 characters: ASCII letters, digits and underscores, and - except first or last";

    // ---- Priority, attempts -----------------------------------------------------------------------

    /// <summary>The highest priority (fetched first).</summary>
    public const int PriorityMin = 1;

    /// <summary>The lowest priority (fetched last).</summary>
    public const int PriorityMax = 4;

    /// <summary>Minimum max attempts (<c>river_job.max_attempts &gt; 0</c>).</summary>
    public const int MaxAttemptsMin = 1;

    /// <summary>Maximum max attempts (<c>smallint</c>).</summary>
    public const int MaxAttemptsMax = short.MaxValue;

    // ---- Uniqueness -------------------------------------------------------------------------------

    /// <summary>The shortest unique period River accepts, in seconds.</summary>
    public const int UniquePeriodMinSeconds = 1;

    /// <summary>Unique-state bit of <c>available</c>.</summary>
    public const byte StateBitAvailable = 1;
    /// <summary>Unique-state bit of <c>cancelled</c>.</summary>
    public const byte StateBitCancelled = 2;
    /// <summary>Unique-state bit of <c>completed</c>.</summary>
    public const byte StateBitCompleted = 4;
    /// <summary>Unique-state bit of <c>discarded</c>.</summary>
    public const byte StateBitDiscarded = 8;
    /// <summary>Unique-state bit of <c>pending</c>.</summary>
    public const byte StateBitPending = 16;
    /// <summary>Unique-state bit of <c>retryable</c>.</summary>
    public const byte StateBitRetryable = 32;
    /// <summary>Unique-state bit of <c>running</c>.</summary>
    public const byte StateBitRunning = 64;
    /// <summary>Unique-state bit of <c>scheduled</c>.</summary>
    public const byte StateBitScheduled = 128;

    /// <summary>The states every unique state set must contain: available, pending, running, scheduled.</summary>
    public const byte RequiredUniqueStates = StateBitAvailable | StateBitPending | StateBitRunning | StateBitScheduled;

    /// <summary>The default unique state set: available, completed, pending, retryable, running, scheduled.</summary>
    public const byte DefaultUniqueStates =
        StateBitAvailable | StateBitCompleted | StateBitPending | StateBitRetryable | StateBitRunning | StateBitScheduled;

    /// <summary>State names in bit order (index <c>i</c> is the state of bit <c>1 &lt;&lt; i</c>), as in <c>river_job_state</c>.</summary>
    public static readonly string[] StateNames =
        { "available", "cancelled", "completed", "discarded", "pending", "retryable", "running", "scheduled" };

    // ---- Metadata ---------------------------------------------------------------------------------

    /// <summary>Metadata key River sets when a cancel was requested for a running job.</summary>
    public const string MetadataKeyCancelAttemptedAt = "cancel_attempted_at";
    /// <summary>Metadata key counting snoozes.</summary>
    public const string MetadataKeySnoozes = "snoozes";
    /// <summary>Metadata key set on a job discarded because of a unique conflict.</summary>
    public const string MetadataKeyUniqueKeyConflict = "unique_key_conflict";
    /// <summary>Metadata key marking a job inserted by a periodic job.</summary>
    public const string MetadataKeyPeriodic = "periodic";
    /// <summary>Metadata key holding the id of the periodic job that inserted the job.</summary>
    public const string MetadataKeyPeriodicJobId = "river:periodic_job_id";
    /// <summary>Metadata key counting rescues of a stuck job.</summary>
    public const string MetadataKeyRescueCount = "river:rescue_count";
    /// <summary>Metadata key holding a job's recorded output.</summary>
    public const string MetadataKeyOutput = "output";
    /// <summary>Metadata key carrying the W3C trace context of the insert, when it was traced (see docs/observability).</summary>
    public const string MetadataKeyTraceParent = "river:traceparent";

    /// <summary>The metadata keys River reserves for itself; user metadata must not set them.</summary>
    public static readonly string[] ReservedMetadataKeys =
    {
        MetadataKeyCancelAttemptedAt, MetadataKeySnoozes, MetadataKeyUniqueKeyConflict, MetadataKeyPeriodic,
        MetadataKeyPeriodicJobId, MetadataKeyRescueCount, MetadataKeyOutput, MetadataKeyTraceParent,
    };

    // ---- Schema, client id, periodic job id -------------------------------------------------------

    /// <summary>
    /// Maximum schema name length: PostgreSQL identifiers hold 63 bytes and the longest name River derives
    /// from the schema (notification channels <c>&lt;schema&gt;.river_leadership</c> and the like) must fit.
    /// </summary>
    public const int SchemaMaxLength = 46;

    /// <summary>The schema rule in the words of the public docs (see <see cref="KindRule"/>).</summary>
    public const string SchemaRule =
        "1 to 46 characters: a lower-case ASCII letter or underscore, then lower-case ASCII letters, digits and underscores, not starting with pg_";

    /// <summary>Maximum client id length (River's <c>Config.ID</c> check).</summary>
    public const int ClientIdMaxLength = 100;

    /// <summary>Maximum periodic job id length (stored in metadata; same pattern as kinds).</summary>
    public const int PeriodicJobIdMaxLength = 127;

    // =================================================================================================

    /// <summary>Checks a job kind against River's pattern and the column's length limit.</summary>
    public static string? ValidateKind(string? kind) => ValidateKindLike("Kind", kind, KindMaxLength);

    /// <summary>Checks a periodic job id: River applies the kind pattern to user-specified ids.</summary>
    public static string? ValidatePeriodicJobId(string? id) => ValidateKindLike("Periodic job id", id, PeriodicJobIdMaxLength);

    private static string? ValidateKindLike(string field, string? value, int maxLength)
    {
        if (value is null)
            return field + " must not be null";
        if (value.Length == 0)
            return field + " must not be empty";
        if (value.Length < KindMinLength)
            return field + " " + Quote(value) + " is too short: it must have at least " + KindMinLength.ToString(CultureInfo.InvariantCulture) + " characters";
        if (value.Length > maxLength)
            return field + " must be at most " + maxLength.ToString(CultureInfo.InvariantCulture) + " characters, got " + value.Length.ToString(CultureInfo.InvariantCulture);
        if (!IsWordChar(value[0]))
            return field + " " + Quote(value) + " must start with a letter, digit or underscore, got " + DescribeChar(value[0]);
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (!IsWordChar(c) && KindExtraCharacters.IndexOf(c) < 0)
                return field + " " + Quote(value) + " contains " + DescribeChar(c) + " at index " + i.ToString(CultureInfo.InvariantCulture)
                    + "; allowed are ASCII letters, digits, '_' and " + KindExtraCharacters;
        }
        return null;
    }

    /// <summary>Checks a queue name: lower-case letters and digits, groups separated by one <c>_</c>, <c>-</c> or <c>|</c>.</summary>
    public static string? ValidateQueue(string? queue)
    {
        if (queue is null)
            return "Queue must not be null";
        if (queue.Length == 0)
            return "Queue must not be empty";
        if (queue.Length > QueueMaxLength)
            return "Queue must be at most " + QueueMaxLength.ToString(CultureInfo.InvariantCulture) + " characters, got " + queue.Length.ToString(CultureInfo.InvariantCulture);
        const string rule = "; a queue name is " + QueueRule;
        for (var i = 0; i < queue.Length; i++)
        {
            var c = queue[i];
            if (IsLowerAlnum(c))
                continue;
            if (c == '_' || c == '-' || c == '|')
            {
                if (i == 0)
                    return "Queue " + Quote(queue) + " must start with a lower-case letter or digit, got " + DescribeChar(c) + rule;
                if (i == queue.Length - 1)
                    return "Queue " + Quote(queue) + " must end with a lower-case letter or digit, got " + DescribeChar(c) + rule;
                if (!IsLowerAlnum(queue[i - 1]))
                    return "Queue " + Quote(queue) + " has two separators in a row at index " + i.ToString(CultureInfo.InvariantCulture) + rule;
                continue;
            }
            return "Queue " + Quote(queue) + " contains " + DescribeChar(c) + " at index " + i.ToString(CultureInfo.InvariantCulture) + rule;
        }
        return null;
    }

    /// <summary>Checks one tag: ASCII letters, digits, <c>_</c> and inner <c>-</c>, 3 to 255 characters.</summary>
    public static string? ValidateTag(string? tag)
    {
        if (tag is null)
            return "Tag must not be null";
        if (tag.Length == 0)
            return "Tag must not be empty";
        if (tag.Length > TagMaxLength)
            return "Tag must be at most " + TagMaxLength.ToString(CultureInfo.InvariantCulture) + " characters, got " + tag.Length.ToString(CultureInfo.InvariantCulture);
        if (tag.Length < TagMinLength)
            return "Tag " + Quote(tag) + " is too short: it must have at least " + TagMinLength.ToString(CultureInfo.InvariantCulture) + " characters";
        for (var i = 0; i < tag.Length; i++)
        {
            var c = tag[i];
            if (IsWordChar(c))
                continue;
            if (c == '-' && i != 0 && i != tag.Length - 1)
                continue;
            var where = c == '-' ? (i == 0 ? "must not start with '-'" : "must not end with '-'")
                : "contains " + DescribeChar(c) + " at index " + i.ToString(CultureInfo.InvariantCulture);
            return "Tag " + Quote(tag) + " " + where + "; allowed are ASCII letters, digits, '_' and '-' (not first or last)";
        }
        return null;
    }

    /// <summary>
    /// The valid queue name closest to <paramref name="queue"/>, or <see langword="null"/> when there is none or it is
    /// already valid: ASCII letters lower-cased, every other character a <c>_</c>, runs of separators folded into their
    /// first, separators at either end dropped, cut to <see cref="QueueMaxLength"/>. One pass (linear in the length).
    /// Code fixes offer it; the result always passes <see cref="ValidateQueue"/>.
    /// </summary>
    public static string? SuggestQueue(string? queue)
    {
        if (queue is null || ValidateQueue(queue) is null)
            return null;
        var builder = new System.Text.StringBuilder(Math.Min(queue.Length, QueueMaxLength));
        var pendingSeparator = '\0';
        foreach (var raw in queue)
        {
            var c = raw >= 'A' && raw <= 'Z' ? (char)(raw + ('a' - 'A')) : raw;
            if (IsLowerAlnum(c))
            {
                if (pendingSeparator != '\0' && builder.Length > 0 && builder.Length < QueueMaxLength - 1)
                    builder.Append(pendingSeparator);
                pendingSeparator = '\0';
                if (builder.Length == QueueMaxLength)
                    break;
                builder.Append(c);
            }
            else if (pendingSeparator == '\0')
            {
                pendingSeparator = c == '-' || c == '|' ? c : '_';
            }
        }
        var suggestion = builder.ToString();
        return suggestion.Length == 0 || ValidateQueue(suggestion) is not null ? null : suggestion;
    }

    /// <summary>
    /// The valid tag closest to <paramref name="tag"/>, or <see langword="null"/> when there is none (fewer than
    /// <see cref="TagMinLength"/> usable characters) or it is already valid: every character other than an ASCII letter,
    /// digit, <c>_</c> or <c>-</c> becomes <c>_</c>, <c>-</c> at either end is dropped, cut to <see cref="TagMaxLength"/>.
    /// One pass; the result always passes <see cref="ValidateTag"/>.
    /// </summary>
    public static string? SuggestTag(string? tag)
    {
        if (tag is null || ValidateTag(tag) is null)
            return null;
        var builder = new System.Text.StringBuilder(Math.Min(tag.Length, TagMaxLength));
        foreach (var c in tag)
        {
            if (builder.Length == TagMaxLength)
                break;
            if (c == '-' && builder.Length == 0)
                continue;
            builder.Append(IsWordChar(c) || c == '-' ? c : '_');
        }
        while (builder.Length > 0 && builder[builder.Length - 1] == '-')
            builder.Length--;
        var suggestion = builder.ToString();
        return ValidateTag(suggestion) is null ? suggestion : null;
    }

    /// <summary>Checks every tag of a list (a <see langword="null"/> list is valid: no tags); the message names the tag's index.</summary>
    public static string? ValidateTags(IReadOnlyList<string?>? tags)
    {
        if (tags is null)
            return null;
        for (var i = 0; i < tags.Count; i++)
        {
            var error = ValidateTag(tags[i]);
            if (error is not null)
                return "Tags[" + i.ToString(CultureInfo.InvariantCulture) + "]: " + error;
        }
        return null;
    }

    /// <summary>Checks a priority: 1 (first) to 4 (last).</summary>
    public static string? ValidatePriority(int priority) =>
        priority < PriorityMin || priority > PriorityMax
            ? "Priority must be between " + PriorityMin.ToString(CultureInfo.InvariantCulture) + " and " + PriorityMax.ToString(CultureInfo.InvariantCulture) + ", got " + priority.ToString(CultureInfo.InvariantCulture)
            : null;

    /// <summary>Checks a max attempts value: 1 to 32767.</summary>
    public static string? ValidateMaxAttempts(int maxAttempts) =>
        maxAttempts < MaxAttemptsMin || maxAttempts > MaxAttemptsMax
            ? "MaxAttempts must be between " + MaxAttemptsMin.ToString(CultureInfo.InvariantCulture) + " and " + MaxAttemptsMax.ToString(CultureInfo.InvariantCulture) + ", got " + maxAttempts.ToString(CultureInfo.InvariantCulture)
            : null;

    /// <summary>Checks a unique period: at least one second (<see langword="null"/> means no period and is valid).</summary>
    public static string? ValidateUniquePeriod(TimeSpan? period)
    {
        if (period is null)
            return null;
        return period.Value < TimeSpan.FromSeconds(UniquePeriodMinSeconds)
            ? "UniqueOptions.ByPeriod must be at least " + UniquePeriodMinSeconds.ToString(CultureInfo.InvariantCulture) + " second, got " + period.Value.ToString("c", CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Checks a unique period given in whole seconds (the attribute's form).</summary>
    public static string? ValidateUniquePeriodSeconds(long seconds) =>
        seconds < UniquePeriodMinSeconds
            ? "UniqueOptions.ByPeriod must be at least " + UniquePeriodMinSeconds.ToString(CultureInfo.InvariantCulture) + " second, got " + seconds.ToString(CultureInfo.InvariantCulture) + " s"
            : null;

    /// <summary>Checks that a unique state bit mask contains every required state; the message lists the missing ones.</summary>
    public static string? ValidateUniqueStates(byte states)
    {
        var missing = RequiredUniqueStates & ~states;
        if (missing == 0)
            return null;
        var names = new List<string>(4);
        for (var bit = 0; bit < 8; bit++)
        {
            if ((missing & (1 << bit)) != 0)
                names.Add(StateNames[bit]);
        }
        return "UniqueOptions.ByState must contain available, pending, running and scheduled; missing: " + string.Join(", ", names);
    }

    /// <summary>Whether River reserves a metadata key.</summary>
    public static bool IsReservedMetadataKey(string key)
    {
        for (var i = 0; i < ReservedMetadataKeys.Length; i++)
        {
            if (string.Equals(ReservedMetadataKeys[i], key, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>Checks that a user metadata key is not one River reserves.</summary>
    public static string? ValidateMetadataKey(string? key)
    {
        if (key is null)
            return "Metadata key must not be null";
        return IsReservedMetadataKey(key)
            ? "Metadata key " + Quote(key) + " is reserved by River; reserved keys are " + string.Join(", ", ReservedMetadataKeys)
            : null;
    }

    /// <summary>
    /// Checks a schema name, for the migrator and the client alike: <see cref="SchemaRule"/>. River writes the
    /// schema unquoted into its SQL and channel names, and this project quotes it (<see cref="SchemaPrefix"/>), so
    /// only names whose quoted and unquoted spellings mean the same are accepted (PostgreSQL folds unquoted names
    /// to lower case); <c>pg_</c> names are reserved by PostgreSQL (<c>CREATE SCHEMA</c> refuses them).
    /// </summary>
    public static string? ValidateSchemaName(string? schema)
    {
        const string rule = "; a schema name has lower-case ASCII letters, digits and '_', and starts with a letter or '_'";
        if (schema is null)
            return "Schema must not be null";
        if (schema.Length == 0)
            return "Schema must not be empty";
        if (schema.Length > SchemaMaxLength)
            return "Schema must be at most " + SchemaMaxLength.ToString(CultureInfo.InvariantCulture) + " characters, got " + schema.Length.ToString(CultureInfo.InvariantCulture);
        if (!IsLowerAsciiLetter(schema[0]) && schema[0] != '_')
            return "Schema " + Quote(schema) + " must start with a lower-case ASCII letter or underscore, got " + DescribeChar(schema[0]) + rule;
        for (var i = 1; i < schema.Length; i++)
        {
            if (!IsLowerAlnum(schema[i]) && schema[i] != '_')
                return "Schema " + Quote(schema) + " contains " + DescribeChar(schema[i]) + " at index " + i.ToString(CultureInfo.InvariantCulture) + rule;
        }
        if (schema.StartsWith("pg_", StringComparison.Ordinal))
            return "Schema " + Quote(schema) + " starts with 'pg_', which PostgreSQL reserves for its own schemas; choose another name";
        return null;
    }

    /// <summary>
    /// The prefix of every object name in one schema: <c>"schema".</c>, or empty for <see langword="null"/> (the
    /// connection's search_path). <paramref name="schema"/> must pass <see cref="ValidateSchemaName"/>, so it needs no
    /// escaping.
    /// </summary>
    public static string SchemaPrefix(string? schema) => schema is null ? "" : "\"" + schema + "\".";

    /// <summary>Checks a client id: 1 to 100 characters without control characters or lone surrogates (it is stored as text).</summary>
    public static string? ValidateClientId(string? id)
    {
        if (id is null)
            return "Client id must not be null";
        if (id.Length == 0)
            return "Client id must not be empty";
        if (id.Length > ClientIdMaxLength)
            return "Client id must be at most " + ClientIdMaxLength.ToString(CultureInfo.InvariantCulture) + " characters, got " + id.Length.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < id.Length; i++)
        {
            if (char.IsControl(id[i]))
                return "Client id contains control character " + DescribeChar(id[i]) + " at index " + i.ToString(CultureInfo.InvariantCulture);
            if (char.IsHighSurrogate(id[i]) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(id[i]))
                return "Client id contains a lone UTF-16 surrogate " + DescribeChar(id[i]) + " at index " + i.ToString(CultureInfo.InvariantCulture);
        }
        return null;
    }

    // ---- Character classes (ASCII, like Go's \w) ----------------------------------------------------

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private static bool IsWordChar(char c) => IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_';

    private static bool IsLowerAsciiLetter(char c) => c >= 'a' && c <= 'z';

    private static bool IsLowerAlnum(char c) => IsLowerAsciiLetter(c) || (c >= '0' && c <= '9');

    /// <summary>Quotes a value for a message, escaping control characters so hostile input stays readable.</summary>
    private static string Quote(string value)
    {
        const int maxShown = 80;
        var builder = new System.Text.StringBuilder(Math.Min(value.Length, maxShown) + 8);
        builder.Append('"');
        for (var i = 0; i < value.Length && i < maxShown; i++)
        {
            var c = value[i];
            if (c == '"' || c == '\\')
                builder.Append('\\').Append(c);
            else if (char.IsControl(c) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029')
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else
                builder.Append(c);
        }
        if (value.Length > maxShown)
            builder.Append("...");
        builder.Append('"');
        return builder.ToString();
    }

    private static string DescribeChar(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c)
            ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : "'" + c.ToString() + "'";
}
