namespace JourneyLens.Storage.Schema;

/// <summary>
/// The workspace schema as an ordered list of migrations. <c>PRAGMA user_version</c> records how many have run;
/// opening a workspace applies the missing ones in one transaction. Never edit a released migration: append one.
/// </summary>
internal static class Migrations
{
    public static readonly string[] All =
    [
        // 1: events, identities, imports; room for maps, measurements and API keys.
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO meta (key, value) VALUES ('generation', '0');

        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            started_utc TEXT NOT NULL,
            finished_utc TEXT NOT NULL,
            options TEXT NOT NULL,
            accepted INTEGER NOT NULL,
            identity_messages INTEGER NOT NULL,
            duplicates INTEGER NOT NULL,
            quarantined INTEGER NOT NULL,
            filtered INTEGER NOT NULL,
            quarantine_file TEXT
        );
        CREATE INDEX imports_sha256 ON imports (sha256);

        CREATE TABLE identifiers (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            value TEXT NOT NULL,
            first_seen_ms INTEGER NOT NULL,
            UNIQUE (type, value)
        );

        -- Links in the order they were first seen; the order makes stitching deterministic.
        CREATE TABLE identity_links (
            id INTEGER PRIMARY KEY,
            a INTEGER NOT NULL REFERENCES identifiers (id),
            b INTEGER NOT NULL REFERENCES identifiers (id),
            import_id INTEGER NOT NULL REFERENCES imports (id),
            source_line INTEGER NOT NULL
        );

        -- Stitching results, rewritten whole after every import (narrow rows in key order write fast).
        CREATE TABLE identifier_persons (identifier_id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL);
        -- Only links not merged have a row here: a link without one was merged.
        CREATE TABLE link_decisions (link_id INTEGER PRIMARY KEY, decision INTEGER NOT NULL, detail TEXT);

        CREATE TABLE persons (
            id INTEGER PRIMARY KEY,
            key_identifier_id INTEGER NOT NULL REFERENCES identifiers (id),
            identifier_count INTEGER NOT NULL,
            capped INTEGER NOT NULL
        );

        CREATE TABLE touchpoints (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE channels (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE outcomes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

        -- One row per accepted event. dedupe_key makes imports idempotent; props holds the free properties as JSON.
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL,
            dedupe_key INTEGER NOT NULL,
            ts_ms INTEGER NOT NULL,
            utc_offset_min INTEGER NOT NULL,
            identifier_id INTEGER NOT NULL,
            channel_id INTEGER NOT NULL,
            touchpoint_id INTEGER NOT NULL,
            score_type INTEGER NOT NULL,
            score INTEGER,
            about_id INTEGER,
            value REAL,
            outcome_id INTEGER,
            event_id TEXT,
            source_line INTEGER NOT NULL,
            props TEXT
        );

        CREATE TABLE maps (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, yaml TEXT NOT NULL, updated_utc TEXT NOT NULL);
        CREATE TABLE measurements (id INTEGER PRIMARY KEY, name TEXT NOT NULL, taken_utc TEXT NOT NULL, definition TEXT NOT NULL, result TEXT NOT NULL);
        CREATE TABLE api_keys (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, scope TEXT NOT NULL, created_utc TEXT NOT NULL);
        """,

        // 2: the touchpoint catalogue (one YAML document, the user's own text kept as written).
        """
        CREATE TABLE catalogue (id INTEGER PRIMARY KEY CHECK (id = 1), yaml TEXT NOT NULL, source TEXT NOT NULL, updated_utc TEXT NOT NULL);
        """,

        // 3: the web app: revocable API keys found by their hash, server secrets (survey tokens), and the inbox of
        // event batches received over HTTP and not yet imported.
        """
        ALTER TABLE api_keys ADD COLUMN revoked_utc TEXT;
        CREATE UNIQUE INDEX api_keys_hash ON api_keys (hash);
        CREATE TABLE secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE inbox (id INTEGER PRIMARY KEY, received_utc TEXT NOT NULL, messages INTEGER NOT NULL, body TEXT NOT NULL);
        """,

        // 4: looking one person up (journeylens person, /api/person) without scanning every identifier and link:
        // a bare value, the identifiers of a person, and the links touching them.
        """
        CREATE INDEX identifiers_value ON identifiers (value);
        CREATE INDEX identifier_persons_person ON identifier_persons (person_id);
        CREATE INDEX identity_links_a ON identity_links (a);
        CREATE INDEX identity_links_b ON identity_links (b);
        """,

        // 5: an identity of its own for every database, so that derived data (the engine cache) is never taken from
        // another database that happens to be at the same generation (a workspace deleted and imported again).
        """
        INSERT INTO meta (key, value) VALUES ('database_id', lower(hex(randomblob(16))));
        """,

        // 6: the contact (one call, one chat) an event is part of, so its events count as one contact.
        """
        ALTER TABLE events ADD COLUMN contact_id TEXT;
        """,

        // 7: stitching that revisits only the part of the identity graph an import touched, with the same result
        // however the data arrived: when each link was first seen (links are applied in that order; for links stored
        // before, the later first sighting of its two identifiers, the earliest it can have been seen), which
        // identifiers have events and which persons do, and each person's key (when first seen, its name: the order
        // the engine numbers persons in). The next import stitches everything once in the new order.
        """
        ALTER TABLE identity_links ADD COLUMN seen_ms INTEGER NOT NULL DEFAULT 0;
        UPDATE identity_links SET seen_ms = max((SELECT first_seen_ms FROM identifiers WHERE id = a), (SELECT first_seen_ms FROM identifiers WHERE id = b));
        ALTER TABLE identifiers ADD COLUMN has_events INTEGER NOT NULL DEFAULT 0;
        UPDATE identifiers SET has_events = 1 WHERE id IN (SELECT identifier_id FROM events);
        ALTER TABLE persons ADD COLUMN with_events INTEGER NOT NULL DEFAULT 0;
        UPDATE persons SET with_events = 1 WHERE id IN (SELECT ip.person_id FROM identifier_persons ip JOIN identifiers i ON i.id = ip.identifier_id WHERE i.has_events = 1);
        ALTER TABLE persons ADD COLUMN key_seen_ms INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE persons ADD COLUMN key_name TEXT NOT NULL DEFAULT '';
        UPDATE persons SET (key_seen_ms, key_name) = (SELECT first_seen_ms, type || ':' || value FROM identifiers WHERE id = key_identifier_id);
        INSERT OR REPLACE INTO meta (key, value) VALUES ('stitch_everything', '1');
        """,
    ];
}
