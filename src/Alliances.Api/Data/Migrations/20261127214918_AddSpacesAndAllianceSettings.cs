using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliances.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddSpacesAndAllianceSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alliance_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    website = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    contact_email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    meeting_structured_minutes = table.Column<int>(type: "integer", nullable: false),
                    meeting_social_minutes = table.Column<int>(type: "integer", nullable: false),
                    max_active_priorities = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alliance_settings", x => x.id);
                    table.CheckConstraint("ck_alliance_settings_max_active_priorities", "max_active_priorities BETWEEN 1 AND 10");
                    table.CheckConstraint("ck_alliance_settings_singleton", "id = 1");
                });

            // The one settings row, with the defaults. Created by the migration, not by the claim, so alliances that
            // existed before it get their row when they are migrated, and new claims get it by replaying this script.
            migrationBuilder.Sql(
                "INSERT INTO alliance_settings (id, meeting_structured_minutes, meeting_social_minutes, max_active_priorities, " +
                "created_at, updated_at, version) VALUES (1, 60, 60, 3, now(), now(), 1);");

            migrationBuilder.CreateTable(
                name: "spaces",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    slug = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    website = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    logo_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    address_street = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    address_city = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    address_region = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    address_postal_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    address_country_code = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: true),
                    latitude = table.Column<double>(type: "double precision", nullable: true),
                    longitude = table.Column<double>(type: "double precision", nullable: true),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    neighborhood = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    amenities = table.Column<List<string>>(type: "text[]", nullable: false),
                    opening_hours = table.Column<string>(type: "jsonb", nullable: false),
                    membership_plans = table.Column<string>(type: "jsonb", nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    joined_at = table.Column<DateOnly>(type: "date", nullable: false),
                    welcomed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    welcomed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_spaces", x => x.id);
                    table.CheckConstraint("ck_spaces_capacity", "capacity BETWEEN 1 AND 100000");
                    table.CheckConstraint("ck_spaces_latitude", "latitude BETWEEN -90 AND 90");
                    table.CheckConstraint("ck_spaces_location_complete", "(latitude IS NULL) = (longitude IS NULL)");
                    table.CheckConstraint("ck_spaces_longitude", "longitude BETWEEN -180 AND 180");
                });

            migrationBuilder.CreateIndex(
                name: "ix_spaces_name_id",
                table: "spaces",
                columns: new[] { "name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_spaces_slug",
                table: "spaces",
                column: "slug",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alliance_settings");

            migrationBuilder.DropTable(
                name: "spaces");
        }
    }
}
