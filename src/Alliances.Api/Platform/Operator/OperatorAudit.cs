using System.Text.Json;
using Npgsql;

namespace Alliances.Api.Platform.Operator;

/// <summary>
/// The operator's audit trail, <c>platform.operator_actions</c>: one row per action, written on the action's own
/// connection and transaction, so it commits or rolls back with the action.
/// </summary>
public static class OperatorAudit
{
    public const string Suspend = "suspend";
    public const string Resume = "resume";
    public const string Delete = "delete";
    public const string IssueOrganizerKey = "issue_organizer_key";

    public static async Task RecordAsync(
        NpgsqlConnection connection, Guid allianceId, string subdomain, string action, object? detail, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO platform.operator_actions (id, alliance_id, subdomain, action, detail, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)",
            connection)
        {
            Parameters =
            {
                new() { Value = Guid.CreateVersion7() }, new() { Value = allianceId }, new() { Value = subdomain }, new() { Value = action },
                new() { Value = JsonSerializer.Serialize(detail ?? new { }) }, new() { Value = at },
            },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
