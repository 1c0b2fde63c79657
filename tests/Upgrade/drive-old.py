#!/usr/bin/env python3
"""Drives a MotCua silo of the release before the history tables (f51f5af) over HTTP, then captures its answers.

Usage: drive-old.py <silo base url> <sandbox base url> <expected.json>

Every dossier ends in a status whose clock is stopped or paused (processed, payment_requested, submitted), and every
payment in a final status (succeeded, cancelled, refunded, partially refunded), so nothing the fixture holds changes
with the date on which the upgrade test runs: no overdue reminder, no payment expiry, no closed dossier leaving the list.
Deterministic: a fixed seed chooses methods and outcomes.
"""
import gzip, json, random, sys, time, urllib.error, urllib.request, uuid

BASE, SANDBOX, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
PORTAL, OFFICER, AGENT, OPERATOR = "dev-portal", "dev-officer-SXD", "dev-agent-vnpost-HN0001", "dev-operator"
CHANNEL = "vnpost:HN-0001"
CITIZENS = ["001089001234", "079190000111", "031195000222"]
DOSSIERS = 300


def call(method, url, key=None, body=None, idem=None, expect=(200, 201)):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if key:
        req.add_header("Authorization", f"Bearer {key}")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if idem:
        req.add_header("Idempotency-Key", idem)
    for attempt in range(5):
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        if status in (429, 503) and attempt < 4:
            time.sleep(1 + attempt)
            continue
        break
    if status not in expect:
        raise SystemExit(f"{method} {url} -> {status}: {text}")
    return json.loads(text) if text else None


def api(method, path, key, body=None, idem=None, expect=(200, 201)):
    if method == "POST" and idem is None:
        idem = str(uuid.uuid4())
    return call(method, BASE + path, key, body, idem, expect)


def wait_for(what, check, timeout=30):
    deadline = time.time() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.time() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.2)


def payment_status(pid):
    return api("GET", f"/v1/payments/{pid}", PORTAL)["status"]


rnd = random.Random(16)
for i, citizen in enumerate(CITIZENS):
    api("POST", f"/v1/wallets/{citizen}/top-ups", PORTAL, {"amount": 20_000_000 + i * 1_000_000})

codes, payments = [], []
cash_since_settle = 0
for i in range(DOSSIERS):
    citizen = CITIZENS[i % len(CITIZENS)]
    filed = api("POST", "/v1/dossiers", PORTAL, {
        "procedureCode": "SXD-XD-001", "agencyCode": "SXD", "receivingCentre": "HN-TTHCC",
        "applicant": {"citizenId": citizen, "fullName": "Lê Thị Cúc"}})
    code = filed["code"]
    codes.append(code)
    if i % 25 == 24:
        continue  # left submitted: no clock runs before acceptance
    api("POST", f"/v1/dossiers/{code}/accept", OFFICER)
    amount = 1_000 * rnd.randint(10, 150)
    api("POST", f"/v1/dossiers/{code}/request-payment", OFFICER,
        {"items": [{"kind": "charge", "name": "Lệ phí", "amount": amount}]})
    method = ["cash", "cash", "cash", "vietqr", "viettelpay", "vnptpay", "wallet", "wallet"][i % 8]
    body = {"dossierCode": code, "method": method}
    if method == "wallet":
        body["citizenId"] = citizen
    pay = api("POST", "/v1/payments", PORTAL, body)
    pid, ref = pay["id"], pay["reference"]
    outcome = rnd.random()
    if method != "wallet" and outcome < 0.1:
        api("POST", f"/v1/payments/{pid}/cancel", PORTAL)  # dossier stays payment_requested (clock paused)
        payments.append(pid)
        continue
    if method == "cash":
        api("POST", f"/v1/channels/{CHANNEL}/collections", AGENT,
            {"reference": ref, "amount": amount, "receiptNumber": f"BL-{i:04d}"})
        cash_since_settle += 1
    elif method == "vietqr":
        r = call("POST", SANDBOX + "/sandbox/bank/transfers", None,
                 {"billNumber": ref, "amount": amount, "description": code})
        assert r["notifications"][0]["statusCode"] == 200, r
    elif method in ("viettelpay", "vnptpay"):
        call("POST", f"{SANDBOX}/sandbox/{method}/payments/{pid}/pay", None, {})
    wait_for(f"payment {pid} to succeed", lambda: payment_status(pid) == "succeeded")
    payments.append(pid)
    if outcome > 0.93:
        refund = amount if outcome > 0.97 else amount // 2
        api("POST", f"/v1/payments/{pid}/refunds", OPERATOR, {"amount": refund, "reason": "Thu thừa"})
        wait_for(f"refund of {pid}", lambda: payment_status(pid) in ("refunded", "partially_refunded"))
    dossier = api("GET", f"/v1/dossiers/{code}", PORTAL)
    if dossier["status"] == "processing":
        api("POST", f"/v1/dossiers/{code}/complete", OFFICER)  # processed: the clock stops
    if cash_since_settle >= 40:
        api("POST", f"/v1/channels/{CHANNEL}/settlements", AGENT)
        cash_since_settle = 0

# The same fee paid twice (cash then VietQR): the second is refunded automatically.
code = api("POST", "/v1/dossiers", PORTAL, {
    "procedureCode": "SXD-XD-001", "agencyCode": "SXD", "receivingCentre": "HN-TTHCC",
    "applicant": {"citizenId": CITIZENS[0], "fullName": "Lê Thị Cúc"}})["code"]
codes.append(code)
api("POST", f"/v1/dossiers/{code}/accept", OFFICER)
api("POST", f"/v1/dossiers/{code}/request-payment", OFFICER, {"items": [{"kind": "charge", "name": "Lệ phí", "amount": 20_000}]})
qr = api("POST", "/v1/payments", PORTAL, {"dossierCode": code, "method": "vietqr"})
cash = api("POST", "/v1/payments", PORTAL, {"dossierCode": code, "method": "cash"})
api("POST", f"/v1/channels/{CHANNEL}/collections", AGENT, {"reference": cash["reference"], "amount": 20_000, "receiptNumber": "BL-TWICE"})
call("POST", SANDBOX + "/sandbox/bank/transfers", None, {"billNumber": qr["reference"], "amount": 20_000, "description": code})
wait_for("the twice-paid fee's refund", lambda: payment_status(qr["id"]) == "refunded")
payments += [qr["id"], cash["id"]]
if api("GET", f"/v1/dossiers/{code}", PORTAL)["status"] == "processing":
    api("POST", f"/v1/dossiers/{code}/complete", OFFICER)

# Projections (agency index, stats) follow the grains' writes by a moment: wait until the list holds every dossier.
wait_for("the agency index", lambda: api("GET", "/v1/dossiers?agency=SXD&pageSize=1", OFFICER)["total"] == len(codes), 60)
time.sleep(3)


def list_all(query):
    items, page = [], 1
    while True:
        answer = api("GET", f"/v1/dossiers?{query}&page={page}&pageSize=100", OFFICER)
        items += answer["items"]
        if len(items) >= answer["total"] or not answer["items"]:
            return {"total": answer["total"], "items": items}
        page += 1


expected = {
    "release": "f51f5af",
    "dossiers": {c: api("GET", f"/v1/dossiers/{c}", PORTAL) for c in codes},
    "payments": {p: api("GET", f"/v1/payments/{p}", PORTAL) for p in payments},
    "wallets": {c: api("GET", f"/v1/wallets/{c}", PORTAL) for c in CITIZENS},
    "channels": {CHANNEL: api("GET", f"/v1/channels/{CHANNEL}", AGENT)},
    "lists": {q: list_all(q) for q in ["agency=SXD", "agency=SXD&status=processed", "agency=SXD&status=payment_requested",
                                        "agency=SXD&status=submitted"]},
    "ledgerAudit": api("GET", "/v1/ledger/audit", OPERATOR),
}
# Stats and the audit log for the Vietnam day and month the dossiers were filed on, named explicitly so the answer does
# not depend on today's date.
first = expected["dossiers"][codes[0]]["history"][0]["at"]  # e.g. 2026-12-06T04:06:22.41+07:00
day, month = first[:10], first[:7]
expected["stats"] = {
    f"/v1/stats/agencies/SXD?month={month}": api("GET", f"/v1/stats/agencies/SXD?month={month}", OPERATOR),
    f"/v1/stats/channels/{CHANNEL}?date={day}": api("GET", f"/v1/stats/channels/{CHANNEL}?date={day}", OPERATOR),
}
expected["audit"] = {
    f"/v1/audit?date={day}&target={t}": api("GET", f"/v1/audit?date={day}&target={t}&limit=100", OPERATOR)
    for t in [codes[0], codes[150], codes[-1], payments[0], CHANNEL]
}
assert expected["ledgerAudit"]["total"] == 0, expected["ledgerAudit"]
with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
    json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
    f.write("\n")
methods = {}
for p in expected["payments"].values():
    key = f'{p.get("method")}:{p.get("status")}'
    methods[key] = methods.get(key, 0) + 1
print(f"{len(codes)} dossiers, {len(payments)} payments {methods}; written to {OUT}")
