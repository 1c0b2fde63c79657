-- MotCua schema 008: the dossier projection that lists read (issue 16), one row per dossier instead of one grain row
-- per agency holding all of them.

CREATE TABLE IF NOT EXISTS motcua_dossier_index
(
    code             text COLLATE "C" NOT NULL PRIMARY KEY,
    agency_code      text COLLATE "C" NOT NULL,
    status           smallint    NOT NULL,
    due_at           timestamptz NULL,
    due_key          timestamptz NOT NULL, -- due_at, or +infinity when there is none: lists sort by it, then by code
    overdue          boolean     NOT NULL,
    version          bigint      NOT NULL, -- the dossier's history sequence: an older one never overwrites a newer
    changed_at       timestamptz NOT NULL,
    procedure_code   text        NOT NULL,
    receiving_centre text        NOT NULL,
    closed           boolean     NOT NULL  -- refused, withdrawn, stopped or returned: listed for 30 days after changed_at
);
CREATE INDEX IF NOT EXISTS motcua_dossier_index_agency ON motcua_dossier_index (agency_code, due_key, code);
CREATE INDEX IF NOT EXISTS motcua_dossier_index_agency_status ON motcua_dossier_index (agency_code, status, due_key, code);
