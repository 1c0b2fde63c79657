namespace MotCua.Api.OpenApi;

/// <summary>What the OpenAPI document says of one operation beyond what its endpoint declares.</summary>
/// <param name="Summary">One line.</param>
/// <param name="Description">Used when the endpoint declares none.</param>
/// <param name="Conflicts">The domain's 409 codes this operation can answer (beside <c>idempotency_key_in_use</c>).</param>
/// <param name="Anonymous">Authenticated otherwise than by API key (a gateway's signature).</param>
/// <param name="Produces">For a route that answers a file: its media type.</param>
/// <param name="Csv">The route also answers <c>text/csv</c> (with <c>?format=csv</c>) beside its JSON.</param>
public sealed record OperationDoc(string Summary, string Description, string[]? Conflicts = null, bool Anonymous = false, string? Produces = null,
    bool Csv = false);

/// <summary>
/// The catalogue of operations by operationId (the endpoint's <c>.WithName(...)</c>), applied to the document by
/// <see cref="OpenApiContract"/>. Routes change in the endpoint files; what they mean to a client is written here, so
/// endpoint files stay short. A route without an entry fails the contract test.
/// </summary>
public static class OperationCatalogue
{
    private static readonly string[] Transition = ["invalid_transition", "operation_conflict"];

    public static readonly IReadOnlyDictionary<string, OperationDoc> Operations = new Dictionary<string, OperationDoc>(StringComparer.Ordinal)
    {
        ["GetCluster"] = new("Silos, their membership status and activations per grain type", "Operator only. A read of the Orleans management grain."),
        ["GetMe"] = new("The calling API key", "The key's id (never the secret), role and binding."),
        ["QueryAudit"] = new("Who did what: the audit log of one day", "Operator only."),
        ["ListProcedures"] = new("The procedure catalogue", "Every procedure: `code`, `name`, `agencyCode`, `workingDays` and `fees`."),
        ["FileDossier"] = new("File a dossier", "Portal only. Body: `procedureCode`, `agencyCode`, `receivingCentre`, `applicant{citizenId, fullName}`. → 201 with the dossier, status `submitted`, code `{unit}-{yyMMdd}-{nnnn}`.", ["operation_conflict", "daily_counter_exhausted"]),
        ["ListDossiers"] = new("List an agency's dossiers (eventually consistent)", ""),
        ["GetDossier"] = new("A dossier with its fees, payments and history", "Portal, officer of the dossier's agency, or operator."),
        ["AcceptDossier"] = new("Accept a submitted dossier (sets dueAt)", "Officer of the agency. submitted → accepted; `dueAt` is the procedure's working days later on the working-day calendar.", Transition),
        ["RefuseDossier"] = new("Refuse a submitted dossier", "Officer of the agency. submitted → refused; body `reason` required.", Transition),
        ["ProcessDossier"] = new("Start processing an accepted dossier", "Officer of the agency. accepted → processing.", Transition),
        ["RequestSupplementDossier"] = new("Ask the applicant for a supplement", "Officer of the agency. accepted/processing → supplement_requested; body `reason` required. The agency's clock pauses.", Transition),
        ["SupplementDossier"] = new("The applicant supplied what was asked", "Portal. supplement_requested → processing; the due date moves later by the pause.", Transition),
        ["WithdrawDossier"] = new("Withdraw a dossier", "Portal. Any open status → withdrawn.", Transition),
        ["StopDossier"] = new("Stop processing a dossier", "Officer of the agency. processing → stopped; body `reason` required.", Transition),
        ["CompleteDossier"] = new("Mark the result ready", "Officer of the agency. processing → processed; needs no unpaid fee.", Transition),
        ["ReturnDossier"] = new("Return the result to the applicant", "Officer of the agency. processed → returned.", Transition),
        ["RequestPayment"] = new("Ask for the dossier's fees", "Officer of the agency. accepted/processing → payment_requested; body `items[{kind: fee|charge, name, amount}]` (VND). When every fee is paid the dossier goes back to processing by itself.", Transition),
        ["ApologizeDossier"] = new("Apologise for a late dossier and give a new due date (once)", "", Transition),
        ["GetStatusLink"] = new("The dossier's public status link (for its receipt slip)", "Portal, or officer of the dossier's agency. `token` (signed, bound to this dossier and the link's `generation`), `statusUrl` (the JSON) and `pageUrl` (the mobile page `/s/{token}`, the slip's QR)."),
        ["ReissueStatusLink"] = new("Revoke the dossier's status link and issue a new one", "Officer of the dossier's agency. Optional body: `reason`. Moves the link's `generation` on: every token printed before answers 404 from then on. → 200 with the new link."),
        ["GetReceiptSlip"] = new("The receipt slip (giấy tiếp nhận hồ sơ và hẹn trả kết quả) as a one-page A5 PDF", "Portal, or officer of the dossier's agency. The dossier code, procedure, receiving centre and agency, when it was received and the appointment date, the fees with the reference a cash agent needs (when a cash payment is open), and a QR code that opens the status page `/s/{token}` of the dossier's current status link. Vietnamese text is set in DejaVu Sans, embedded.", Produces: "application/pdf"),
        ["GetPublicStatus"] = new("A dossier's status for whoever holds its slip (no API key)", "Unauthenticated. The status in the portal's words (`statusText.vi`, `statusText.en`), the appointment date (`dueAt`), `overdue` and the agency's `apology` with the new date, `nextStep` (`supplement` with its `reason`, or `payment` with `amountDue`, the `cash` reference for an agent and the open VietQR payment's image), the fees, and the history of status changes without officers. The applicant's name is masked; no citizen id. A malformed, unknown, revoked or other dossier's token is the same 404. Rate-limited per client address (429).", Anonymous: true),
        ["GetPublicStatusQr"] = new("The open VietQR payment's image for whoever holds the slip", "Unauthenticated. The dossier's open VietQR payment as a PNG; 404 as the status when there is none or the token opens nothing.", Anonymous: true, Produces: "image/png"),
        ["RateDossier"] = new("Rate a returned dossier 1–5 (once)", "", Transition),
        ["CreatePayment"] = new("Pay a dossier's fees", "Portal. Body: `dossierCode`, `method` (`cash`, `wallet`, `vietqr`, `viettelpay`, `vnptpay`). → 201 with `id`, `status`, `amount`, `reference` (the code a citizen shows an agent) and, per method, `vietqr.payload` or `redirectUrl`.", ["nothing_to_pay", "invalid_transition", "insufficient_funds", "collection_account_missing", "gateway_unavailable", "operation_conflict"]),
        ["ListPayments"] = new("Payments the watchlist holds", "Operator only."),
        ["GetPayment"] = new("A payment with its history", "Portal or operator. `refunds[]` lists refunds of the payment and, with `unapplied: true`, money it never took (a late, extra or wrong-amount transfer, a success after a failure, cancel or expiry), which is not part of `refundedAmount`. `payout` says how each reaches the citizen: `crediting_wallet`/`credited_to_wallet`, `refunding_at_provider` (the provider's refund API, retried with one idempotency key per refund; `payoutError` says why not yet)/`refunded_at_provider` (with `providerRefundId`), or `payable_by_channel` (cash)."),
        ["GetPaymentQr"] = new("The VietQR of a vietqr payment as a PNG", "Portal.", ["not_a_vietqr_payment"], Produces: "image/png"),
        ["QueryPaymentStatus"] = new("Ask the provider what became of a payment", "Operator.", ["invalid_transition", "gateway_unavailable"]),
        ["GetPaymentByReference"] = new("What an agent collects for a reference", "Agent: the amount, the dossier and the applicant's name for the `reference` a citizen shows at the counter."),
        ["CancelPayment"] = new("Cancel a pending payment", "", ["invalid_transition", "operation_conflict"]),
        ["RefundPayment"] = new("Refund a payment in part or in full", "", ["invalid_transition", "not_refundable", "refund_exceeds_amount", "payment_settling", "operation_conflict"]),
        ["RecordCollection"] = new("Record cash collected at the counter", "Agent of the channel. Body: `reference`, `amount` (VND), `receiptNumber`. → 201: the payment succeeds and the channel's position grows. → 200: this channel had already collected that reference under another `Idempotency-Key` (a retry with a new key); the answer is that collection (its own `id` and receipt number) and no more cash is counted. Another channel collecting a paid reference gets 409 `payment_not_collectable`. Cash for a fee another payment already paid is refused with 409 `fee_already_paid`, and for a dossier withdrawn or stopped with 409 `dossier_not_awaiting_payment`; the payment is then cancelled and nothing is counted.", ["payment_not_collectable", "fee_already_paid", "dossier_not_awaiting_payment", "float_limit_exceeded", "amount_mismatch", "operation_conflict"]),
        ["GetChannel"] = new("A channel's float limit, position, open window and settlements awaiting receipt", "Agent of the channel, or operator. `position` is the cash the treasury has not yet received: the open window's collections (and any still being confirmed) plus the settlements declared but not yet received (`awaitingReceiptTotal`); the float limit applies to it. `awaitingReceipt` lists those settlements (`id`, `number`, `declaredAt`, `count`, `total`, `remittanceReference`), oldest first."),
        ["SettleChannel"] = new("Declare the channel's open window remitted", "", ["settlement_amount_mismatch", "too_many_settlements_awaiting_receipt", "operation_conflict"]),
        ["ConfirmSettlementReceipt"] = new("Confirm the treasury received a declared settlement", ""),
        ["ReceiveGatewayNotification"] = new("A payment gateway's signed notification", "", ["operation_conflict"], Anonymous: true),
        ["GetReconciliation"] = new("The reconciliation of one day", ""),
        ["ResolveDiscrepancy"] = new("Resolve a reconciliation discrepancy", "", ["invalid_transition", "operation_conflict"]),
        ["GetWallet"] = new("A citizen's wallet balance", "Portal or operator. A pure read."),
        ["TopUpWallet"] = new("Top up a citizen's wallet", "", ["collection_account_missing", "gateway_unavailable", "operation_conflict"]),
        ["AuditLedger"] = new("The ledger's trial balance", ""),
        ["IssueApiKey"] = new("Issue an API key", "", ["api_key_already_issued"]),
        ["ListApiKeys"] = new("Every issued key (never a secret or hash)", "Operator only."),
        ["GetApiKey"] = new("One issued key", "Operator only. Never the secret or its hash."),
        ["RevokeApiKey"] = new("Revoke an API key", ""),
        ["RegisterWebhookEndpoint"] = new("Register a webhook endpoint", "Portal or operator. Body: `url` (https; its host must resolve only to public addresses, checked again at every delivery against the address connected) and `events` (exact types, `prefix.*` or `*`). → 201 with `id` and `secret` (shown once). A portal's endpoint receives only events of the dossiers and payments its key created (or of agencies a grant names); an operator's receives all. Deliveries carry `MotCua-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\">`.", ["operation_conflict"]),
        ["GetWebhookEndpoint"] = new("A webhook endpoint (without its secret)", "The portal key that registered it, or an operator."),
        ["ListWebhookDeliveries"] = new("A webhook endpoint's recent deliveries", "The portal key that registered it, or an operator. Each attempt shows its time, the receiver's status code and how long it took (or a fixed error code); nothing of the receiver's answer is kept. Query: `limit` (1–1000, default 100)."),
        ["GetAgencyStats"] = new("An agency's dossier statistics", "Officer of that agency, or operator."),
        ["GetChannelStats"] = new("A channel's daily collection statistics", "Agent of that channel, or operator."),
        ["GetAgencyKpi"] = new("An agency's service-quality indicators for a month (Decision 766/QĐ-TTg)", "Officer of that agency, or operator. Query: `month` (`yyyy-MM`, Vietnam time; default this month), `format` (`json` or `csv`). Five indicators, each with its Decision 766 `group` and `definition` (vi, en): `onTimeSettlement` (results early, on time and late against the appointment date before any apology, and the rate), `overdue` (still being handled past the appointment date, with and without an apology, as of the month's end or now), `onlinePayment` (fees paid in the month and those paid by a non-cash method, by count and amount), `satisfaction` (ratings 1–5 given in the month and the share rated 4 or 5), `leadTime` (working days from acceptance to result: median and 90th percentile, nearest rank). Rates only, no points. A rate without data is null. `overdueDossiers` lists up to 100, oldest appointment first. `format=csv`: `text/csv; charset=utf-8` with a byte order mark and a header row. An agency not in the procedure catalogue is 404.", Csv: true),
        ["ListAgencyKpi"] = new("Every agency's service-quality indicators for a month, ranked", "Operator only. Query: `month` (`yyyy-MM`), `format` (`json` or `csv`). Every agency of the procedure catalogue, ranked by on-time settlement rate (ties: more results first, then the code); agencies without a result in the month come last. The indicators are those of `GET /v1/kpi/agencies/{code}`.", Csv: true),
    };
}
