-- MotCua schema 004: durable reminders for Microsoft.Orleans.Reminders.AdoNet
-- (UseAdoNetReminderService).
--
-- A reminder is named per grain; grainid is Orleans' GrainId string ("type/key") and grainhash
-- its uniform hash as a signed 32-bit integer, which the silos use to split the reminders
-- between them (the range queries). period is in milliseconds. version is the reminder's ETag:
-- 0 when created, + 1 on every upsert; a delete must name the current one.

CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    varchar(150)   NOT NULL,
    grainid      varchar(512)   NOT NULL,
    remindername varchar(150)   NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint         NOT NULL,
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,

    CONSTRAINT orleansreminderstable_pk PRIMARY KEY (serviceid, grainid, remindername)
);

-- Each silo reads the reminders of its hash range when it starts and whenever the ring changes.
CREATE INDEX IF NOT EXISTS orleansreminderstable_grainhash_ix
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext)
VALUES
-- Returns the reminder's new version (its ETag).
('UpsertReminderRowKey', $q$
    INSERT INTO orleansreminderstable AS r
        (serviceid, grainid, remindername, starttime, period, grainhash, version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash, 0)
    ON CONFLICT ON CONSTRAINT orleansreminderstable_pk DO UPDATE
        SET starttime = EXCLUDED.starttime,
            period    = EXCLUDED.period,
            grainhash = EXCLUDED.grainhash,
            version   = r.version + 1
    RETURNING r.version;
$q$),

('ReadReminderRowKey', $q$
    SELECT grainid, remindername, starttime, period, version
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId
      AND grainid = @GrainId
      AND remindername = @ReminderName;
$q$),

('ReadReminderRowsKey', $q$
    SELECT grainid, remindername, starttime, period, version
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId
      AND grainid = @GrainId;
$q$),

-- The range (@BeginHash, @EndHash] when it does not wrap around in signed order...
('ReadRangeRows1Key', $q$
    SELECT grainid, remindername, starttime, period, version
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId
      AND grainhash > @BeginHash
      AND grainhash <= @EndHash;
$q$),

-- ...and when it does.
('ReadRangeRows2Key', $q$
    SELECT grainid, remindername, starttime, period, version
    FROM orleansreminderstable
    WHERE serviceid = @ServiceId
      AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$q$),

-- Returns 1 if the reminder was deleted, 0 if it was missing or @Version was stale.
('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM orleansreminderstable
        WHERE serviceid = @ServiceId
          AND grainid = @GrainId
          AND remindername = @ReminderName
          AND version = @Version
        RETURNING 1)
    SELECT count(*)::integer FROM deleted;
$q$),

('DeleteReminderRowsKey', $q$
    DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
$q$)
ON CONFLICT ON CONSTRAINT orleansquery_pk DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
