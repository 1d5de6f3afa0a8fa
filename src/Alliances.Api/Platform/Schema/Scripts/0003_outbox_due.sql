-- When each alliance in platform.outbox_pending next has work. A receiver that is down keeps its deliveries pending
-- for the whole retry schedule (about 27 h), and without this every sweep opened that alliance's schema only to find
-- nothing due. Now a dispatcher that finishes an alliance with work left only in the future writes the earliest due
-- time here, and sweeps pick only rows that are due. The default is "due now": a row written without a due time (a
-- hand-written INSERT, say) is looked at, never forgotten. now() is stable, so existing rows get one value and the
-- column is added without rewriting the table.
ALTER TABLE platform.outbox_pending ADD COLUMN next_due_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX outbox_pending_due ON platform.outbox_pending (next_due_at);

-- As in 0002, and a signal now also makes the alliance due at once, whatever due time a dispatcher recorded before.
-- CREATE OR REPLACE resets every attribute it is not given, so SECURITY DEFINER and the search_path are repeated.
CREATE OR REPLACE FUNCTION platform.signal_outbox() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    alliance uuid;
BEGIN
    SELECT id INTO alliance FROM platform.alliances WHERE schema_name = TG_TABLE_SCHEMA;
    IF alliance IS NOT NULL THEN
        INSERT INTO platform.outbox_pending AS p (alliance_id, version, signalled_at, next_due_at) VALUES (alliance, 1, now(), now())
        ON CONFLICT (alliance_id) DO UPDATE SET version = p.version + 1, signalled_at = now(), next_due_at = now();
        PERFORM pg_notify('alliances_outbox', alliance::text);
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION platform.signal_outbox() FROM PUBLIC;
