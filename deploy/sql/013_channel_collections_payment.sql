-- MotCua schema 013: a channel's collection found by its payment (issue 17), so an agent's retry with a new operation id
-- for a payment the channel already collected is answered with that collection instead of being refused.
CREATE INDEX IF NOT EXISTS motcua_channel_collections_payment_ix ON motcua_channel_collections (channel_id, payment_id);
