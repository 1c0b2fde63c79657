-- MotCua schema 011: counter rows for the dossier list's total (issue 16), so a list's first page does not count a
-- million index rows. One row per agency, status, overdue flag and shard (eight per key, so concurrent changes in one
-- agency rarely wait on the same row); motcua_dossier_index_upsert moves them in the same statement as the index row.

CREATE TABLE IF NOT EXISTS motcua_dossier_counts
(
    agency_code text COLLATE "C" NOT NULL,
    status      smallint NOT NULL,
    overdue     boolean  NOT NULL,
    shard       smallint NOT NULL,
    closed      boolean  NOT NULL, -- the status is a closed one: those are counted from the index (30-day retention)
    n           bigint   NOT NULL,
    PRIMARY KEY (agency_code, status, overdue, shard)
);

-- Closed dossiers are listed for 30 days after their last change: their part of a total is counted from the index.
CREATE INDEX IF NOT EXISTS motcua_dossier_index_closed_recent ON motcua_dossier_index (agency_code, changed_at) WHERE closed;

-- Stores a dossier's summary unless its row holds that version or a later one, and moves the counters with it. The row
-- is locked first, so two writers of one dossier (a brief double activation) apply one after the other; the two
-- counter rows are moved in key order, so transactions moving dossiers in opposite directions cannot deadlock.
CREATE OR REPLACE FUNCTION motcua_dossier_index_upsert(
    p_code text, p_agency text, p_status smallint, p_due timestamptz, p_overdue boolean, p_version bigint,
    p_changed timestamptz, p_procedure text, p_centre text, p_closed boolean)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    held record;
    p_shard smallint := (hashtext(p_code) & 7)::smallint;
BEGIN
    SELECT agency_code, status, overdue, closed, version INTO held
    FROM motcua_dossier_index WHERE code = p_code FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO motcua_dossier_index
            (code, agency_code, status, due_at, due_key, overdue, version, changed_at, procedure_code, receiving_centre, closed)
        VALUES (p_code, p_agency, p_status, p_due, coalesce(p_due, 'infinity'::timestamptz), p_overdue, p_version, p_changed,
                p_procedure, p_centre, p_closed)
        ON CONFLICT (code) DO NOTHING;
        IF FOUND THEN
            INSERT INTO motcua_dossier_counts AS c (agency_code, status, overdue, shard, closed, n)
            VALUES (p_agency, p_status, p_overdue, p_shard, p_closed, 1)
            ON CONFLICT (agency_code, status, overdue, shard) DO UPDATE SET n = c.n + 1;
            RETURN true;
        END IF;
        -- Another writer inserted it in between: it is now there to lock and compare.
        SELECT agency_code, status, overdue, closed, version INTO held
        FROM motcua_dossier_index WHERE code = p_code FOR UPDATE;
    END IF;

    IF held.version >= p_version THEN
        RETURN false;
    END IF;

    UPDATE motcua_dossier_index SET
        agency_code = p_agency, status = p_status, due_at = p_due, due_key = coalesce(p_due, 'infinity'::timestamptz),
        overdue = p_overdue, version = p_version, changed_at = p_changed, procedure_code = p_procedure,
        receiving_centre = p_centre, closed = p_closed
    WHERE code = p_code;

    IF (held.agency_code, held.status, held.overdue) IS DISTINCT FROM (p_agency, p_status, p_overdue) THEN
        INSERT INTO motcua_dossier_counts AS c (agency_code, status, overdue, shard, closed, n)
        SELECT agency_code, status, overdue, p_shard, closed, delta
        FROM (VALUES (held.agency_code, held.status, held.overdue, held.closed, -1::bigint),
                     (p_agency, p_status, p_overdue, p_closed, 1::bigint)) AS moved (agency_code, status, overdue, closed, delta)
        ORDER BY agency_code, status, overdue
        ON CONFLICT (agency_code, status, overdue, shard) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    RETURN true;
END
$$;

-- Recounts the counters of the given agencies (every agency when NULL) from the index, for rows written without
-- motcua_dossier_index_upsert (a bulk load, the history upgrade). No dossier of those agencies may be written meanwhile.
CREATE OR REPLACE FUNCTION motcua_dossier_counts_recount(p_agencies text[])
RETURNS void LANGUAGE sql AS $$
    DELETE FROM motcua_dossier_counts WHERE p_agencies IS NULL OR agency_code = ANY (p_agencies);
    INSERT INTO motcua_dossier_counts (agency_code, status, overdue, shard, closed, n)
    SELECT agency_code, status, overdue, (hashtext(code) & 7)::smallint, bool_or(closed), count(*)
    FROM motcua_dossier_index
    WHERE p_agencies IS NULL OR agency_code = ANY (p_agencies)
    GROUP BY agency_code, status, overdue, (hashtext(code) & 7)::smallint;
$$;

-- A database listed before this script: count what its index holds (only when no counter exists yet, so applying the
-- script again changes nothing).
SELECT motcua_dossier_counts_recount(NULL) WHERE NOT EXISTS (SELECT 1 FROM motcua_dossier_counts);
