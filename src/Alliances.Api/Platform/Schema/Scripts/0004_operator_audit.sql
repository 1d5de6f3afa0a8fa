-- The operator's actions on alliances (suspend, resume, delete, issue an organizer key), one row each, written as the
-- owner role in the same transaction as the action itself, so the trail has no action it did not record and records
-- no action that rolled back. No foreign key to platform.alliances: catalog rows are never removed (a deleted alliance
-- stays as a tombstone), and keeping this table standalone keeps it off Citus' reference-table rules.
CREATE TABLE platform.operator_actions (
    id          uuid        PRIMARY KEY,
    alliance_id uuid        NOT NULL,
    subdomain   text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('suspend', 'resume', 'delete', 'issue_organizer_key')),
    detail      jsonb       NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL
);
CREATE INDEX operator_actions_alliance ON platform.operator_actions (alliance_id, created_at);

-- Claims in the last window, for the platform-wide claim ceiling: a range scan on the newest rows, whatever the size
-- of the catalog.
CREATE INDEX alliances_created_at ON platform.alliances (created_at);
