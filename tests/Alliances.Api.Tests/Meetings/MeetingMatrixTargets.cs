using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Alliances.Api.Tests.Authorization;
using Alliances.Api.Tests.Infrastructure;

namespace Alliances.Api.Tests.Meetings;

/// <summary>
/// Requests and resources for the meeting rows of the authorization matrix and the isolation table. Every cell gets a
/// fresh meeting that started half an hour ago and ends in 90 minutes, so each action is valid for it (attendance and
/// minutes need a started meeting, RSVPs one that has not ended), and the status in a cell depends only on who asks.
/// </summary>
public static class MeetingMatrixTargets
{
    /// <summary>The body of a meeting in progress, titled <paramref name="title"/>; its default agenda fills its two hours.</summary>
    public static JsonObject InProgress(string title) => MeetingCalls.Body(title, TimeSpan.FromMinutes(-30));

    /// <summary>The body of a weekly series of two meetings, starting next week.</summary>
    public static object SeriesBody(string title) => new
    {
        title,
        rrule = "FREQ=WEEKLY;COUNT=2",
        startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        startTime = "18:00",
        durationMinutes = 120,
    };

    public static Task<MatrixRequest> Create(MatrixWorld world) =>
        Task.FromResult(new MatrixRequest("/v1/meetings", InProgress("Scheduled in the authorization matrix")));

    public static Task<MatrixRequest> Meeting(MatrixWorld world) => OnMeetingAsync(world, "");

    public static Task<MatrixRequest> Patch(MatrixWorld world) => OnMeetingAsync(world, "", new { title = "Renamed in the authorization matrix" });

    public static Task<MatrixRequest> Cancel(MatrixWorld world) => OnMeetingAsync(world, "/cancel", new { reason = "Cancelled in the authorization matrix." });

    public static Task<MatrixRequest> Agenda(MatrixWorld world) =>
        OnMeetingAsync(world, "/agenda", new { segments = new[] { new { title = "Matrix", kind = "structured", minutes = 30 } } });

    public static Task<MatrixRequest> Reorder(MatrixWorld world) => OnMeetingAsync(world, "/agenda/reorder", new { from = 1, to = 0 });

    /// <summary>A new person each time, so every cell creates an RSVP (201) rather than updating one.</summary>
    public static Task<MatrixRequest> Rsvp(MatrixWorld world) =>
        OnMeetingAsync(world, "/rsvps", new { name = "Matrix guest", email = $"guest-{Guid.NewGuid():N}@example.org", response = "yes" });

    public static Task<MatrixRequest> Rsvps(MatrixWorld world) => OnMeetingAsync(world, "/rsvps");

    public static Task<MatrixRequest> RsvpCounts(MatrixWorld world) => OnMeetingAsync(world, "/rsvp-counts");

    public static Task<MatrixRequest> CheckIn(MatrixWorld world) => OnMeetingAsync(world, "/attendance", new { name = "Matrix attendee" });

    public static Task<MatrixRequest> Attendance(MatrixWorld world) => OnMeetingAsync(world, "/attendance");

    public static Task<MatrixRequest> RecordMinutes(MatrixWorld world) => OnMeetingAsync(world, "/minutes", new { markdown = "Recorded in the matrix." });

    public static Task<MatrixRequest> Minutes(MatrixWorld world) => OnMeetingAsync(world, "/minutes");

    public static Task<MatrixRequest> Ics(MatrixWorld world) => OnMeetingAsync(world, ".ics");

    public static Task<MatrixRequest> CreateSeries(MatrixWorld world) =>
        Task.FromResult(new MatrixRequest("/v1/meeting-series", SeriesBody("Series of the authorization matrix")));

    public static async Task<MatrixRequest> Series(MatrixWorld world) => new($"/v1/meeting-series/{await SeriesIdAsync(world)}");

    public static async Task<MatrixRequest> PatchSeries(MatrixWorld world) =>
        new($"/v1/meeting-series/{await SeriesIdAsync(world)}", new { title = "Series renamed in the authorization matrix" });

    private static async Task<MatrixRequest> OnMeetingAsync(MatrixWorld world, string suffix, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        using var organizer = world.OrganizerClient();
        return new MatrixRequest($"/v1/meetings/{await organizer.CreateMeetingIdAsync(InProgress("Matrix target"))}{suffix}", body);
    }

    private static async Task<Guid> SeriesIdAsync(MatrixWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        using var organizer = world.OrganizerClient();
        using var response = await organizer.PostAsync("/v1/meeting-series", MeetingCalls.Json(JsonSerializerNode(SeriesBody("Matrix series"))));
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private static JsonNode JsonSerializerNode(object body) => System.Text.Json.JsonSerializer.SerializeToNode(body)!;
}
