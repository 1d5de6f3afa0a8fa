-- The platform schema: the catalog of alliances. It is never "public", so nothing lands here by accident, and the
-- application login role can read it but not change it (claims and operator actions run as the owner role).
CREATE SCHEMA IF NOT EXISTS platform;
REVOKE ALL ON SCHEMA platform FROM PUBLIC;

CREATE TABLE platform.alliances (
    id              uuid PRIMARY KEY,
    subdomain       text        NOT NULL,
    name            text        NOT NULL,
    region          text        NOT NULL,
    time_zone       text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('provisioning', 'active', 'suspended', 'deleted')),
    schema_name     text        NOT NULL UNIQUE,
    role_name       text        NOT NULL UNIQUE,
    schema_version  text        NULL,
    organizer_name  text        NOT NULL,
    organizer_email text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    suspended_at    timestamptz NULL,
    deleted_at      timestamptz NULL
);

-- A deleted alliance keeps its row as a tombstone; its sub-domain can be claimed again.
CREATE UNIQUE INDEX alliances_live_subdomain ON platform.alliances (subdomain) WHERE state <> 'deleted';
CREATE INDEX alliances_directory ON platform.alliances (subdomain, id) WHERE state = 'active';

-- Every change to the catalog, from the API, the CLI or a psql session, tells every API node to drop its cached
-- entry. NOTIFY is delivered on commit, so a rolled-back change announces nothing.
CREATE FUNCTION platform.announce_catalog_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('alliances_catalog', COALESCE(NEW.subdomain, OLD.subdomain));
    IF TG_OP = 'UPDATE' AND NEW.subdomain <> OLD.subdomain THEN
        PERFORM pg_notify('alliances_catalog', OLD.subdomain);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER alliances_announce_change
    AFTER INSERT OR UPDATE OR DELETE ON platform.alliances
    FOR EACH ROW EXECUTE FUNCTION platform.announce_catalog_change();
