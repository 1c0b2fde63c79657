-- MotCua schema 003: grain state for Microsoft.Orleans.Persistence.AdoNet (AddAdoNetGrainStorage).
--
-- A row is one state of one grain in one service. Orleans identifies it by seven values, and
-- every query below matches all seven: the two hashes, the service id, the key parts n0/n1, the
-- "grain type" string (in Orleans 7+ this is the state name, so two grain classes with the same
-- key and state name share a row) and the key extension, which is NULL for plain integer and
-- Guid keys and holds the whole key of string-keyed grains.
--
-- Unlike the upstream script, the table has a primary key over exactly those seven values, so
-- two activations that race to create the same state cannot both insert. A primary key column
-- cannot hold NULL, so the key uses grainidextensionkey, a stored generated column equal to
-- COALESCE(grainidextensionstring, ''). NULL and '' are therefore one key; Orleans never
-- produces both for the same grain, and the hashes (computed from the key bytes) are part of
-- the key anyway. The key's leading columns are the two hashes, so it also serves every lookup.
--
-- Optimistic concurrency: version is the ETag. The provider passes the version it last read
-- (NULL if it saw no row) and expects back the new version; getting back the version it sent,
-- or NULL, makes it throw InconsistentStateException. So a stale write or clear changes nothing
-- and is reported.
--
-- Only payloadbinary is used: Orleans 10's provider always stores the serializer's bytes
-- (JSON text or Orleans binary) there, so the upstream payloadjson/payloadxml columns are left out.

CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    version                integer      NOT NULL,
    grainidextensionkey    varchar(512) NOT NULL
        GENERATED ALWAYS AS (COALESCE(grainidextensionstring, '')) STORED,

    CONSTRAINT orleansstorage_pk PRIMARY KEY
        (grainidhash, graintypehash, serviceid, grainidn0, grainidn1, graintypestring, grainidextensionkey)
);

-- Writes a state. p_version NULL means "create": it succeeds only if no row exists yet and
-- returns 1, otherwise NULL. Otherwise the row must still hold p_version: it then gets the
-- payload and p_version + 1, which is returned; a stale p_version returns p_version unchanged.
CREATE OR REPLACE FUNCTION motcua_storage_write(
    p_grainidhash            integer,
    p_grainidn0              bigint,
    p_grainidn1              bigint,
    p_graintypehash          integer,
    p_graintypestring        text,
    p_grainidextensionstring text,
    p_serviceid              text,
    p_version                integer,
    p_payloadbinary          bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO orleansstorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
             grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
        VALUES
            (p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring,
             p_grainidextensionstring, p_serviceid, p_payloadbinary, now(), 1)
        ON CONFLICT ON CONSTRAINT orleansstorage_pk DO NOTHING;

        IF FOUND THEN
            RETURN 1;
        END IF;
        RETURN NULL;
    END IF;

    UPDATE orleansstorage s
    SET payloadbinary = p_payloadbinary,
        modifiedon    = now(),
        version       = s.version + 1
    WHERE s.grainidhash = p_grainidhash
      AND s.graintypehash = p_graintypehash
      AND s.serviceid = p_serviceid
      AND s.grainidn0 = p_grainidn0
      AND s.grainidn1 = p_grainidn1
      AND s.graintypestring = p_graintypestring
      AND s.grainidextensionkey = COALESCE(p_grainidextensionstring, '')
      AND s.version = p_version;

    IF FOUND THEN
        RETURN p_version + 1;
    END IF;
    RETURN p_version;
END
$fn$;

-- Clears a state but keeps its row and version history: the payload becomes NULL and the version
-- moves on. Returns the new version, or p_version unchanged if it was stale.
CREATE OR REPLACE FUNCTION motcua_storage_clear(
    p_grainidhash            integer,
    p_grainidn0              bigint,
    p_grainidn1              bigint,
    p_graintypehash          integer,
    p_graintypestring        text,
    p_grainidextensionstring text,
    p_serviceid              text,
    p_version                integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    UPDATE orleansstorage s
    SET payloadbinary = NULL,
        modifiedon    = now(),
        version       = s.version + 1
    WHERE s.grainidhash = p_grainidhash
      AND s.graintypehash = p_graintypehash
      AND s.serviceid = p_serviceid
      AND s.grainidn0 = p_grainidn0
      AND s.grainidn1 = p_grainidn1
      AND s.graintypestring = p_graintypestring
      AND s.grainidextensionkey = COALESCE(p_grainidextensionstring, '')
      AND s.version = p_version;

    IF FOUND THEN
        RETURN p_version + 1;
    END IF;
    RETURN p_version;
END
$fn$;

-- Deletes a state's row (AdoNetGrainStorageOptions.DeleteStateOnClear = true). Returns a value
-- different from p_version when the row was deleted, or p_version unchanged if it was stale.
CREATE OR REPLACE FUNCTION motcua_storage_delete(
    p_grainidhash            integer,
    p_grainidn0              bigint,
    p_grainidn1              bigint,
    p_graintypehash          integer,
    p_graintypestring        text,
    p_grainidextensionstring text,
    p_serviceid              text,
    p_version                integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    DELETE FROM orleansstorage s
    WHERE s.grainidhash = p_grainidhash
      AND s.graintypehash = p_graintypehash
      AND s.serviceid = p_serviceid
      AND s.grainidn0 = p_grainidn0
      AND s.grainidn1 = p_grainidn1
      AND s.graintypestring = p_graintypestring
      AND s.grainidextensionkey = COALESCE(p_grainidextensionstring, '')
      AND s.version = p_version;

    IF FOUND THEN
        RETURN p_version + 1;
    END IF;
    RETURN p_version;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext)
VALUES
('ReadFromStorageKey', $q$
    SELECT payloadbinary, version
    FROM orleansstorage
    WHERE grainidhash = @GrainIdHash
      AND graintypehash = @GrainTypeHash
      AND serviceid = @ServiceId
      AND grainidn0 = @GrainIdN0
      AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionkey = COALESCE(@GrainIdExtensionString, '');
$q$),

('WriteToStorageKey', $q$
    SELECT motcua_storage_write(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS newgrainstateversion;
$q$),

('ClearStorageKey', $q$
    SELECT motcua_storage_clear(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion) AS newgrainstateversion;
$q$),

('DeleteStorageKey', $q$
    SELECT motcua_storage_delete(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion) AS newgrainstateversion;
$q$)
ON CONFLICT ON CONSTRAINT orleansquery_pk DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
