-- Which alliances have webhook work: one small row per alliance with undispatched outbox events or pending deliveries,
-- so the dispatcher never scans every tenant schema. Written by a statement trigger on the tenant tables, in the same
-- transaction as the event; "version" changes on every signal, so a dispatcher removes the row only if no new signal
-- arrived while it worked. The NOTIFY (delivered on commit, like the row) wakes dispatchers at once.
CREATE TABLE platform.outbox_pending (
    alliance_id  uuid PRIMARY KEY,
    version      bigint      NOT NULL,
    signalled_at timestamptz NOT NULL
);

-- SECURITY DEFINER: tenant roles cannot write to the platform schema; this function can, and only for the alliance
-- whose schema fired it (TG_TABLE_SCHEMA), so a tenant cannot signal for another.
CREATE FUNCTION platform.signal_outbox() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    alliance uuid;
BEGIN
    SELECT id INTO alliance FROM platform.alliances WHERE schema_name = TG_TABLE_SCHEMA;
    IF alliance IS NOT NULL THEN
        INSERT INTO platform.outbox_pending AS p (alliance_id, version, signalled_at) VALUES (alliance, 1, now())
        ON CONFLICT (alliance_id) DO UPDATE SET version = p.version + 1, signalled_at = now();
        PERFORM pg_notify('alliances_outbox', alliance::text);
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION platform.signal_outbox() FROM PUBLIC;
