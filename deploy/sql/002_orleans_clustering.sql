-- MotCua schema 002: cluster membership for Microsoft.Orleans.Clustering.AdoNet
-- (UseAdoNetClustering on silos and on external clients).
--
-- Orleans' membership protocol keeps one version number per cluster: every change to the
-- member list must name the version it read, and bumps it. Here the version row is also the
-- lock: a change takes it FOR UPDATE, checks the version, changes the member row, then bumps
-- the version, all in one function call, so a stale change alters nothing.
--
-- Status values are Orleans' SiloStatus: 3 = Active, 6 = Dead.

CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150)   NOT NULL,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT orleansmembershipversiontable_pk PRIMARY KEY (deploymentid)
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150)   NOT NULL,
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(253)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NULL,
    suspecttimes text           NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,

    CONSTRAINT orleansmembershiptable_pk PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT orleansmembershiptable_version_fk FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Adds a silo to the member list if the caller's table version is current and this silo
-- generation is not listed yet. Returns 1 when it did, 0 when nothing changed.
CREATE OR REPLACE FUNCTION motcua_membership_insert(
    p_deploymentid text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_siloname     text,
    p_hostname     text,
    p_status       integer,
    p_proxyport    integer,
    p_starttime    timestamptz,
    p_iamalivetime timestamptz,
    p_version      integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_current integer;
BEGIN
    SELECT t.version INTO v_current
    FROM orleansmembershipversiontable t
    WHERE t.deploymentid = p_deploymentid
    FOR UPDATE;

    IF v_current IS NULL OR p_version IS NULL OR v_current <> p_version THEN
        RETURN 0;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport,
         starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport,
         p_starttime, p_iamalivetime)
    ON CONFLICT ON CONSTRAINT orleansmembershiptable_pk DO NOTHING;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;

    RETURN 1;
END
$fn$;

-- Changes a listed silo's status and suspicion votes if the caller's table version is current.
-- Returns 1 when it did, 0 when nothing changed.
CREATE OR REPLACE FUNCTION motcua_membership_update(
    p_deploymentid text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_status       integer,
    p_suspecttimes text,
    p_iamalivetime timestamptz,
    p_version      integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_current integer;
BEGIN
    SELECT t.version INTO v_current
    FROM orleansmembershipversiontable t
    WHERE t.deploymentid = p_deploymentid
    FOR UPDATE;

    IF v_current IS NULL OR p_version IS NULL OR v_current <> p_version THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable m
    SET status       = p_status,
        suspecttimes = p_suspecttimes,
        iamalivetime = GREATEST(m.iamalivetime, p_iamalivetime)
    WHERE m.deploymentid = p_deploymentid
      AND m.address = p_address
      AND m.port = p_port
      AND m.generation = p_generation;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;

    RETURN 1;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext)
VALUES
-- Creates the cluster's version row; returns 1 if this call created it, 0 if it existed.
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO orleansmembershipversiontable (deploymentid)
        VALUES (@DeploymentId)
        ON CONFLICT ON CONSTRAINT orleansmembershipversiontable_pk DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM created;
$q$),

('InsertMembershipKey', $q$
    SELECT motcua_membership_insert(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
        @StartTime, @IAmAliveTime, @Version);
$q$),

('UpdateMembershipKey', $q$
    SELECT motcua_membership_update(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);
$q$),

-- The heartbeat. It never moves a silo's I-am-alive time backwards.
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleansmembershiptable
    SET iamalivetime = GREATEST(iamalivetime, @IAmAliveTime)
    WHERE deploymentid = @DeploymentId
      AND address = @Address
      AND port = @Port
      AND generation = @Generation;
$q$),

-- Both reads return the version row even when no member matches (the member columns are then
-- NULL), because Orleans takes the table version from the first row.
('MembershipReadRowKey', $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
           m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m
           ON m.deploymentid = v.deploymentid
          AND m.address = @Address
          AND m.port = @Port
          AND m.generation = @Generation
    WHERE v.deploymentid = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
           m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
    WHERE v.deploymentid = @DeploymentId;
$q$),

-- Gateways for clients: members with the requested status that accept client connections.
('GatewaysQueryKey', $q$
    SELECT address, proxyport, generation
    FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND status = @Status
      AND proxyport > 0;
$q$),

('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$q$),

-- Required by the provider, but used only when CleanupDefunctSiloEntryKey is absent: removes
-- dead silos that neither started nor sent a heartbeat since the cut-off (@IAmAliveTime).
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND status = 6
      AND starttime < @IAmAliveTime
      AND iamalivetime < @IAmAliveTime;
$q$),

-- Orleans 10.4 decides in .NET which dead rows are old enough, then removes each one only if it
-- still holds exactly the values it read, so a row that changed meanwhile stays.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId
      AND address = @Address
      AND port = @Port
      AND generation = @Generation
      AND status = 6
      AND starttime = @StartTime
      AND iamalivetime = @IAmAliveTime
      AND COALESCE(suspecttimes, '') = COALESCE(@SuspectTimes, '');
$q$)
ON CONFLICT ON CONSTRAINT orleansquery_pk DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
