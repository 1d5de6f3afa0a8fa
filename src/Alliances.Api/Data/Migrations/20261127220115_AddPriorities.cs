using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alliances.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddPriorities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "priorities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    area = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: true),
                    owner_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    owner_space_id = table.Column<Guid>(type: "uuid", nullable: true),
                    target_date = table.Column<DateOnly>(type: "date", nullable: true),
                    progress_notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    proposed_by_key_id = table.Column<Guid>(type: "uuid", nullable: false),
                    proposed_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    vote_count = table.Column<int>(type: "integer", nullable: false),
                    achieved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_priorities", x => x.id);
                    table.CheckConstraint("ck_priorities_achieved_at_when_achieved", "(status = 'achieved') = (achieved_at IS NOT NULL)");
                    table.CheckConstraint("ck_priorities_area", "area IN ('support_new_spaces', 'member_projects', 'tools_and_investment', 'community', 'other')");
                    table.CheckConstraint("ck_priorities_owner_named", "owner_space_id IS NULL OR owner_name IS NOT NULL");
                    table.CheckConstraint("ck_priorities_rank_positive", "rank >= 1");
                    table.CheckConstraint("ck_priorities_rank_when_active", "(status = 'active') = (rank IS NOT NULL)");
                    table.CheckConstraint("ck_priorities_status", "status IN ('idea', 'active', 'achieved', 'dropped')");
                    table.CheckConstraint("ck_priorities_vote_count", "vote_count >= 0");
                    table.ForeignKey(
                        name: "fk_priorities_api_keys_proposed_by_key_id",
                        column: x => x.proposed_by_key_id,
                        principalTable: "api_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_priorities_spaces_owner_space_id",
                        column: x => x.owner_space_id,
                        principalTable: "spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "priority_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    priority_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    by_key_id = table.Column<Guid>(type: "uuid", nullable: false),
                    by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_priority_history", x => x.id);
                    table.CheckConstraint("ck_priority_history_from", "from_status IN ('idea', 'active', 'achieved', 'dropped')");
                    table.CheckConstraint("ck_priority_history_to", "to_status IN ('idea', 'active', 'achieved', 'dropped')");
                    table.ForeignKey(
                        name: "fk_priority_history_api_keys_by_key_id",
                        column: x => x.by_key_id,
                        principalTable: "api_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_priority_history_priorities_priority_id",
                        column: x => x.priority_id,
                        principalTable: "priorities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "priority_votes",
                columns: table => new
                {
                    priority_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_priority_votes", x => new { x.priority_id, x.key_id });
                    table.ForeignKey(
                        name: "fk_priority_votes_api_keys_key_id",
                        column: x => x.key_id,
                        principalTable: "api_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_priority_votes_priorities_priority_id",
                        column: x => x.priority_id,
                        principalTable: "priorities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_priorities_created_at_id",
                table: "priorities",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_priorities_owner_space_id",
                table: "priorities",
                column: "owner_space_id");

            migrationBuilder.CreateIndex(
                name: "ix_priorities_proposed_by_key_id",
                table: "priorities",
                column: "proposed_by_key_id");

            migrationBuilder.CreateIndex(
                name: "ix_priorities_status_rank",
                table: "priorities",
                columns: new[] { "status", "rank" });

            migrationBuilder.CreateIndex(
                name: "ix_priority_history_by_key_id",
                table: "priority_history",
                column: "by_key_id");

            migrationBuilder.CreateIndex(
                name: "ix_priority_history_priority_id_at_id",
                table: "priority_history",
                columns: new[] { "priority_id", "at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_priority_votes_key_id",
                table: "priority_votes",
                column: "key_id");

            // Two active priorities never share a rank. DEFERRABLE (checked at the end of each statement, not row by row)
            // so that one UPDATE can shift a run of ranks by one; EF has no way to declare such a constraint, hence SQL.
            // NULL ranks (every priority that is not active) do not collide with each other.
            migrationBuilder.Sql(
                "ALTER TABLE priorities ADD CONSTRAINT uq_priorities_rank UNIQUE (rank) DEFERRABLE INITIALLY IMMEDIATE;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "priority_history");

            migrationBuilder.DropTable(
                name: "priority_votes");

            migrationBuilder.DropTable(
                name: "priorities");
        }
    }
}
