using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliances.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddMeetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "meeting_series",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    rule = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    start_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    duration_minutes = table.Column<int>(type: "integer", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    host_space_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    location = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    online_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    agenda = table.Column<string>(type: "jsonb", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_series", x => x.id);
                    table.CheckConstraint("ck_meeting_series_capacity", "capacity BETWEEN 1 AND 10000");
                    table.CheckConstraint("ck_meeting_series_duration", "duration_minutes BETWEEN 1 AND 1440");
                });

            migrationBuilder.CreateTable(
                name: "meetings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    host_space_id = table.Column<Guid>(type: "uuid", nullable: true),
                    location = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    online_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    cancellation_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    agenda = table.Column<string>(type: "jsonb", nullable: false),
                    series_id = table.Column<Guid>(type: "uuid", nullable: true),
                    occurrence_index = table.Column<int>(type: "integer", nullable: true),
                    occurrence_date = table.Column<DateOnly>(type: "date", nullable: true),
                    edited_individually = table.Column<bool>(type: "boolean", nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meetings", x => x.id);
                    table.CheckConstraint("ck_meetings_capacity", "capacity BETWEEN 1 AND 10000");
                    table.CheckConstraint("ck_meetings_ends_after_start", "ends_at > starts_at");
                    table.CheckConstraint("ck_meetings_host_or_location", "host_space_id IS NULL OR location IS NULL");
                    table.CheckConstraint("ck_meetings_status", "status IN ('scheduled', 'cancelled', 'held')");
                    table.ForeignKey(
                        name: "fk_meetings_meeting_series_series_id",
                        column: x => x.series_id,
                        principalTable: "meeting_series",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_meetings_spaces_host_space_id",
                        column: x => x.host_space_id,
                        principalTable: "spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "meeting_minutes",
                columns: table => new
                {
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    markdown = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    decisions = table.Column<string>(type: "jsonb", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_minutes", x => x.meeting_id);
                    table.ForeignKey(
                        name: "fk_meeting_minutes_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "meeting_rsvps",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    space_id = table.Column<Guid>(type: "uuid", nullable: true),
                    response = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    waitlisted = table.Column<bool>(type: "boolean", nullable: false),
                    waitlisted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_rsvps", x => x.id);
                    table.CheckConstraint("ck_meeting_rsvps_waitlist_is_yes", "NOT waitlisted OR (response = 'yes' AND waitlisted_at IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_meeting_rsvps_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "meeting_attendees",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    meeting_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    space_id = table.Column<Guid>(type: "uuid", nullable: true),
                    rsvp_id = table.Column<Guid>(type: "uuid", nullable: true),
                    checked_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_meeting_attendees", x => x.id);
                    table.ForeignKey(
                        name: "fk_meeting_attendees_meeting_rsvps_rsvp_id",
                        column: x => x.rsvp_id,
                        principalTable: "meeting_rsvps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_meeting_attendees_meetings_meeting_id",
                        column: x => x.meeting_id,
                        principalTable: "meetings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_meeting_attendees_meeting_id_email",
                table: "meeting_attendees",
                columns: new[] { "meeting_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_meeting_attendees_rsvp_id",
                table: "meeting_attendees",
                column: "rsvp_id");

            migrationBuilder.CreateIndex(
                name: "ix_meeting_rsvps_meeting_id_email",
                table: "meeting_rsvps",
                columns: new[] { "meeting_id", "email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_meetings_host_space_id",
                table: "meetings",
                column: "host_space_id");

            migrationBuilder.CreateIndex(
                name: "ix_meetings_series_id_occurrence_index",
                table: "meetings",
                columns: new[] { "series_id", "occurrence_index" });

            migrationBuilder.CreateIndex(
                name: "ix_meetings_starts_at_id",
                table: "meetings",
                columns: new[] { "starts_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "meeting_attendees");

            migrationBuilder.DropTable(
                name: "meeting_minutes");

            migrationBuilder.DropTable(
                name: "meeting_rsvps");

            migrationBuilder.DropTable(
                name: "meetings");

            migrationBuilder.DropTable(
                name: "meeting_series");
        }
    }
}
