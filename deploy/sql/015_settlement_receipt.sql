-- MotCua schema 015: a settlement in two steps (issue 17, "money is never stranded"). An agent declares a window remitted
-- with a remittance reference; the row is written when an operator confirms the treasury received the cash (a declared
-- settlement stays in the channel's grain state until then). Windows closed before this release were ledgered as
-- received when they closed: their receipt time is their closing time, and they have no remittance reference.
ALTER TABLE motcua_channel_settlements ADD COLUMN IF NOT EXISTS remittance_reference text NULL;
ALTER TABLE motcua_channel_settlements ADD COLUMN IF NOT EXISTS received_at timestamptz NULL;
UPDATE motcua_channel_settlements SET received_at = closed_at WHERE received_at IS NULL;
ALTER TABLE motcua_channel_settlements ALTER COLUMN received_at SET NOT NULL;
