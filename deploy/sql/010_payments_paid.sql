-- MotCua schema 010: what reconciliation matches of each ledgered payment (issue 16), so a provider's day is one query
-- over the journal instead of one payment grain activation per payment.

CREATE TABLE IF NOT EXISTS motcua_payments_paid
(
    payment_id         text COLLATE "C" NOT NULL PRIMARY KEY,
    reference          text   NOT NULL, -- the payment's own reference (what the citizen or agent quoted)
    provider_reference text   NULL,     -- the provider's transaction id, for gateway payments
    amount             bigint NOT NULL
);
