-- MotCua schema 005: the queue table of the PostgreSQL stream provider (MotCua.Streaming.Postgres), used in
-- durable mode for the "motcua-events" domain event streams.
--
-- One row is one batch of events of one stream, serialized with the Orleans serializer. queue is the Orleans
-- queue id ("motcua-events-3"); the streams are hashed over a fixed number of queues and each queue is read
-- by the pulling agent of exactly one silo at a time. A receiver leases rows with FOR UPDATE SKIP LOCKED
-- (leased_until, lease_owner) and deletes them once delivered; rows whose lease ran out (their silo died)
-- are read again: delivery is at least once.

CREATE TABLE IF NOT EXISTS motcua_stream_queue
(
    sequence      bigserial    NOT NULL,
    service_id    varchar(150) NOT NULL,
    queue         varchar(150) NOT NULL,
    payload       bytea        NOT NULL,
    enqueued_at   timestamptz  NOT NULL DEFAULT now(),
    leased_until  timestamptz  NULL,
    lease_owner   uuid         NULL,
    dequeue_count integer      NOT NULL DEFAULT 0,

    CONSTRAINT motcua_stream_queue_pk PRIMARY KEY (sequence)
);

-- A receiver reads its queue oldest first.
CREATE INDEX IF NOT EXISTS motcua_stream_queue_dequeue_ix
    ON motcua_stream_queue (service_id, queue, sequence);
