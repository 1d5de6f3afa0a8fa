using System.Globalization;
using System.Text.RegularExpressions;
using Ical.Net.DataTypes;
using Ical.Net.Serialization.DataTypes;

namespace Alliances.Api.Features.Meetings;

/// <summary>
/// The subset of RFC 5545 RRULE a meeting series accepts: <c>FREQ=WEEKLY|MONTHLY</c>, <c>BYDAY</c> (with ordinals such
/// as <c>2TU</c> or <c>-1FR</c> for MONTHLY), <c>INTERVAL</c>, and <c>COUNT</c> or <c>UNTIL</c> (one of them is
/// required). Anything else is refused with a message naming the part. This class only reads and checks the text;
/// the recurrence itself is expanded by Ical.Net (<see cref="SeriesOccurrences"/>).
/// </summary>
public static partial class SeriesRule
{
    public const int MaxInterval = 52;
    public const int MaxCount = SeriesOccurrences.MaxOccurrences;
    public const string Supported = "a series rule may use FREQ (WEEKLY or MONTHLY), BYDAY, INTERVAL, and COUNT or UNTIL";

    private static readonly string[] Parts = ["FREQ", "BYDAY", "INTERVAL", "COUNT", "UNTIL"];

    [GeneratedRegex("^(?<ordinal>[+-]?[0-9]{1,2})?(?<day>MO|TU|WE|TH|FR|SA|SU)$", RegexOptions.CultureInvariant)]
    private static partial Regex Weekday();

    [GeneratedRegex("^[0-9]{8}(T[0-9]{6}Z)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Until();

    /// <summary>
    /// Checks <paramref name="text"/> (an optional <c>RRULE:</c> prefix is allowed) and returns its parts by name in upper
    /// case, or the reason it is refused.
    /// </summary>
    public static bool TryRead(string? text, out IReadOnlyDictionary<string, string> parts, out string error)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        parts = found;
        error = "";
        var rule = (text ?? "").Trim().ToUpperInvariant();
        if (rule.StartsWith("RRULE:", StringComparison.Ordinal))
        {
            rule = rule["RRULE:".Length..];
        }

        if (rule.Length == 0)
        {
            error = "rrule is required, e.g. FREQ=MONTHLY;BYDAY=2TU;COUNT=12.";
            return false;
        }

        foreach (var part in rule.Split(';'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == part.Length - 1)
            {
                error = $"'{part}' is not a NAME=VALUE part of a rule.";
                return false;
            }

            var (name, value) = (part[..equals], part[(equals + 1)..]);
            if (!Parts.Contains(name, StringComparer.Ordinal))
            {
                error = $"{name} is not supported: {Supported}.";
                return false;
            }

            if (!found.TryAdd(name, value))
            {
                error = $"{name} appears more than once.";
                return false;
            }
        }

        error = Check(found) ?? "";
        return error.Length == 0;
    }

    /// <summary>
    /// The rule as Ical.Net's pattern. A date-only UNTIL (<c>20261231</c>) means "through that local day" and is turned
    /// into the UTC instant RFC 5545 requires when DTSTART has a time zone.
    /// </summary>
    public static RecurrenceRule ToPattern(IReadOnlyDictionary<string, string> parts, string timeZone)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var normalised = parts.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (normalised.TryGetValue("UNTIL", out var until) && until.Length == 8)
        {
            var day = DateOnly.ParseExact(until, "yyyyMMdd", CultureInfo.InvariantCulture);
            var endOfDay = new CalDateTime(day.AddDays(1), TimeOnly.MinValue, timeZone).AsUtc.AddSeconds(-1);
            normalised["UNTIL"] = endOfDay.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        }

        // A RecurrencePattern (the RecurrenceRule subtype): Ical.Net 5.2.4's RecurrenceRuleSerializer writes nothing for a plain RecurrenceRule.
        return new RecurrencePattern(string.Join(';', Parts.Where(normalised.ContainsKey).Select(p => $"{p}={normalised[p]}")));
    }

    /// <summary>The canonical text of a pattern, as stored and shown (<c>FREQ=MONTHLY;COUNT=12;BYDAY=2TU</c>).</summary>
    public static string Text(RecurrenceRule pattern) =>
        new RecurrenceRuleSerializer().SerializeToString(pattern) is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException("Ical.Net wrote an empty rule; build the rule with ToPattern.");

    private static string? Check(Dictionary<string, string> parts)
    {
        if (!parts.TryGetValue("FREQ", out var frequency))
        {
            return "FREQ is required: FREQ=WEEKLY or FREQ=MONTHLY.";
        }

        if (frequency is not ("WEEKLY" or "MONTHLY"))
        {
            return $"FREQ={frequency} is not supported: {Supported}.";
        }

        var hasCount = parts.TryGetValue("COUNT", out var count);
        var hasUntil = parts.TryGetValue("UNTIL", out var until);
        if (hasCount == hasUntil)
        {
            return hasCount
                ? "COUNT and UNTIL cannot be combined: give one of them."
                : "Give COUNT (how many meetings) or UNTIL (the last day): a series is created as ordinary meetings, so it must end.";
        }

        if (hasCount && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxCount))
        {
            return $"COUNT={count} is out of range: from 1 to {MaxCount}.";
        }

        if (hasUntil && !Until().IsMatch(until!))
        {
            return $"UNTIL={until} must be a date (YYYYMMDD, through that local day) or a UTC time (YYYYMMDDTHHMMSSZ).";
        }

        if (hasUntil && !DateOnly.TryParseExact(until![..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return $"UNTIL={until} is not a real date.";
        }

        if (parts.TryGetValue("INTERVAL", out var interval) &&
            (!int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out var every) || every < 1 || every > MaxInterval))
        {
            return $"INTERVAL={interval} is out of range: from 1 to {MaxInterval}.";
        }

        return parts.TryGetValue("BYDAY", out var days) ? CheckDays(days, frequency) : null;
    }

    private static string? CheckDays(string days, string frequency)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in days.Split(','))
        {
            var match = Weekday().Match(day);
            if (!match.Success)
            {
                return $"BYDAY={days}: '{day}' is not a weekday (MO, TU, WE, TH, FR, SA, SU), optionally with an ordinal such as 2TU or -1FR.";
            }

            if (match.Groups["ordinal"].Success)
            {
                var ordinal = int.Parse(match.Groups["ordinal"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                if (frequency != "MONTHLY")
                {
                    return $"BYDAY={days}: an ordinal such as {day} needs FREQ=MONTHLY (RFC 5545 §3.3.10).";
                }

                if (ordinal is 0 or < -5 or > 5)
                {
                    return $"BYDAY={days}: the ordinal of {day} must be 1 to 5 (from the start of the month) or -1 to -5 (from its end).";
                }
            }

            if (!seen.Add(day))
            {
                return $"BYDAY={days}: {day} appears more than once.";
            }
        }

        return null;
    }
}
