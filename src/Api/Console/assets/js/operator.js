// The operator's view: cluster, ledger audit, payment rates, stuck payments, the service-quality board, reconciliation,
// and a channel's settlements awaiting the treasury's receipt, to confirm.
import { call, seg } from './api.js';
import { $, facts, h, say, table } from './dom.js';
import { formatNumber, formatTime, formatVnd, newIdempotencyKey, todayInVietnam } from './format.js';
import { onLangChange, t } from './i18n.js';
import { closeDossier, drawKpi, loadKpi, openDossier, resetKpi } from './kpi.js';
import { problemMessage, sayProblem, serverDetail } from './problems.js';
import { paymentCounts, perMinute } from './prometheus.js';

const refreshEveryMs = 15000;
let timer = null;
let active = false;
const last = {};             // panel → last answer, redrawn on a language change
let previousCounts = null;   // {at, counts}: the previous /metrics reading
let rates = null;
let receiptsChannel = null;  // the channel whose settlements awaiting receipt are listed
const receiptKeys = new Map(); // settlement id → Idempotency-Key, kept while that confirmation is retried

export function startOperator() {
  active = true;
  $('operator').hidden = false;
  if (!$('recon-date').value) {
    $('recon-date').value = todayInVietnam();
  }
  refreshAll();
  timer = setInterval(refreshLive, refreshEveryMs);
}

export function stopOperator() {
  active = false;
  clearInterval(timer);
  timer = null;
  previousCounts = null;
  rates = null;
  for (const key of Object.keys(last)) {
    delete last[key];
  }
  $('operator').hidden = true;
  resetKpi();
  receiptsChannel = null;
  receiptKeys.clear();
  say($('receipts-message'), '');
  for (const id of ['cluster', 'audit', 'payment-rate', 'stuck', 'kpi', 'reconciliation', 'receipts']) {
    $(id).replaceChildren();
  }
}

// 404 (or 405 where another method of the path exists): the route is not in this build yet.
function failure(answer) {
  if (answer.status === 404 || answer.status === 405) {
    return h('p', { class: 'message warn', 'data-state': 'not-available', text: t('notAvailable') });
  }
  if (answer.status === 403) {
    return h('p', { class: 'message error', 'data-state': 'error', text: t('forbidden') });
  }
  return h('p', { class: 'message error', 'data-state': 'error' },
    h('span', { class: 'problem-text', text: t('error', { detail: problemMessage(answer) }) }), serverDetail(answer));
}

function draw(panel, render) {
  const answer = last[panel];
  if (!answer) {
    return;
  }
  $(panel).replaceChildren(answer.ok ? render(answer.data) : failure(answer));
}

async function load(panel, path, render) {
  const answer = await call('GET', path);
  if (!active) {
    return;
  }
  last[panel] = answer;
  draw(panel, render);
}

function renderCluster(cluster) {
  const silos = cluster.silos ?? [];
  const byType = new Map();
  for (const silo of silos) {
    for (const [type, count] of Object.entries(silo.activationsByGrainType ?? {})) {
      byType.set(type, (byType.get(type) ?? 0) + count);
    }
  }
  return h('div', { 'data-state': 'loaded' },
    facts([
      [t('activeSilos'), h('span', { id: 'active-silos', text: String(cluster.activeSilos) })],
      [t('activations'), h('span', { id: 'total-activations', text: formatNumber(cluster.activations) })],
    ]),
    table([t('silo'), t('address'), t('status'), t('startedAt'), t('activations')],
      silos.map((s) => [s.name, s.address, h('span', { class: 'badge', 'data-status': s.status, text: s.status }),
        formatTime(s.startedAt), formatNumber(s.activations)]), [4]),
    table([t('grainType'), t('activations')],
      [...byType.entries()].sort((a, b) => b[1] - a[1]).map(([type, count]) => [type, formatNumber(count)]), [1]));
}

function renderAudit(audit) {
  const balanced = audit.total === 0;
  const accounts = Object.entries(audit.accounts ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return h('div', { 'data-state': 'loaded' },
    h('p', { id: 'audit-verdict', class: `verdict ${balanced ? 'ok' : 'error'}`, 'data-balanced': String(balanced),
      text: balanced ? t('balanced') : t('unbalanced') }),
    facts([
      [t('ledgerTotal'), h('span', { id: 'audit-total', text: formatVnd(audit.total) }), 'amount'],
      [t('entries'), formatNumber(audit.entries ?? 0)],
      [t('shards'), formatNumber(audit.shards ?? 0)],
      [t('at'), formatTime(audit.at)],
    ]),
    accounts.length === 0
      ? h('p', { class: 'hint', text: t('none') })
      : table([t('account'), t('balance')], accounts.map(([account, balance]) => [account, formatVnd(balance)]), [1]));
}

function renderRates() {
  const current = previousCounts?.counts;
  if (!current) {
    return h('p', { class: 'hint', 'data-state': 'no-data', text: t('noData') });
  }
  const rows = [...current.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, total]) => {
    const [method, outcome] = key.split('|');
    const rate = rates?.get(key);
    return [method, outcome, rate === undefined ? '—' : formatNumber(rate, 1), formatNumber(total)];
  });
  return h('div', { 'data-state': 'loaded' },
    table([t('method'), t('outcome'), t('perMinute'), t('sinceStart')], rows, [2, 3]),
    rates ? null : h('p', { class: 'hint', text: t('rateNeedsTwo') }));
}

async function loadRates() {
  const answer = await call('GET', '/metrics', { accept: 'text/plain' });
  if (!active) {
    return;
  }
  if (!answer.ok) {
    $('payment-rate').replaceChildren(failure(answer));
    return;
  }
  const counts = paymentCounts(answer.text);
  const now = Date.now();
  if (counts === null) {
    previousCounts = null;
    rates = null;
  } else {
    rates = previousCounts ? perMinute(previousCounts.counts, counts, now - previousCounts.at) : null;
    previousCounts = { at: now, counts };
  }
  $('payment-rate').replaceChildren(renderRates());
}

function renderStuck(answer) {
  const items = answer.items ?? [];
  if (items.length === 0) {
    return h('p', { class: 'hint', 'data-state': 'loaded', text: t('none') });
  }
  return h('div', { 'data-state': 'loaded' },
    table([t('id'), t('dossier'), t('method'), t('amount'), t('createdAt')],
      items.map((p) => [h('span', { class: 'mono', text: p.id }), p.dossierCode, p.method, formatVnd(p.amount), formatTime(p.since ?? p.createdAt)]),
      [3]));
}

async function loadBoard(event) {
  event?.preventDefault();
  await loadKpi(() => active);
}

function renderReconciliation(report) {
  const providers = report.providers ?? [];
  return h('div', { 'data-state': 'loaded' },
    facts([
      [t('date'), report.date ?? ''],
      [t('discrepancyCount'), h('span', { id: 'discrepancy-count', text: String(report.discrepancyCount ?? 0) })],
    ]),
    providers.map((p) => h('section', { class: 'provider' },
      h('h3', { text: `${p.provider} · ${t('matched')}: ${formatNumber(p.matched ?? 0)}` }),
      (p.discrepancies ?? []).length === 0
        ? h('p', { class: 'hint', text: `${t('discrepancies')}: ${t('none')}` })
        : table([t('kind'), t('reference'), t('transactionId'), t('ledgerAmount'), t('providerAmount'), t('detail')],
          p.discrepancies.map((d) => [d.kind, d.reference ?? d.paymentId ?? '', d.transactionId ?? '',
            d.ledgerAmount === null || d.ledgerAmount === undefined ? '—' : formatVnd(d.ledgerAmount),
            d.providerAmount === null || d.providerAmount === undefined ? '—' : formatVnd(d.providerAmount),
            d.detail ?? '']), [3, 4]))));
}

async function loadReconciliation(event) {
  event?.preventDefault();
  const date = $('recon-date').value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return;
  }
  await load('reconciliation', `/v1/reconciliation/${seg(date)}`, renderReconciliation);
}

function renderReceipts(channel) {
  const awaiting = channel.awaitingReceipt ?? [];
  return h('div', { 'data-state': 'loaded' },
    facts([
      [t('channel'), h('span', { class: 'mono', text: channel.id })],
      [t('position'), formatVnd(channel.position), 'amount'],
      [t('awaitingReceiptTotal'), formatVnd(channel.awaitingReceiptTotal ?? 0), 'amount'],
    ]),
    awaiting.length === 0
      ? h('p', { class: 'hint', text: t('noneAwaiting') })
      : table([t('windowNumber'), t('declaredAt'), t('remittanceReference'), t('total'), ''],
        awaiting.map((s) => [String(s.number), formatTime(s.declaredAt), h('span', { class: 'mono', text: s.remittanceReference }),
          formatVnd(s.total),
          h('button', { type: 'button', class: 'secondary', 'data-settlement': s.id, 'data-number': s.number, 'data-total': s.total,
            text: t('confirmReceipt') })]), [3]));
}

async function loadReceipts(event) {
  event?.preventDefault();
  const channelId = $('receipts-channel').value.trim();
  if (!channelId) {
    return;
  }
  receiptsChannel = channelId;
  await load('receipts', `/v1/channels/${seg(channelId)}`, renderReceipts);
}

async function confirmReceipt(button) {
  const id = button.dataset.settlement;
  const message = $('receipts-message');
  button.disabled = true;
  const key = receiptKeys.get(id) ?? newIdempotencyKey();
  receiptKeys.set(id, key);
  const answer = await call('POST', `/v1/channels/${seg(receiptsChannel)}/settlements/${seg(id)}/confirm`, { body: {}, idempotencyKey: key });
  if (answer.ok) {
    receiptKeys.delete(id);
    say(message, t('receiptConfirmed', { number: answer.data.number, total: formatVnd(answer.data.total) }), 'ok');
    await loadReceipts();
    return;
  }
  const code = answer.problem?.code;
  if (!(answer.status === 0 || answer.status >= 500 || code === 'idempotency_key_in_use')) {
    receiptKeys.delete(id); // a definite refusal: a new attempt is a new confirmation
  }
  sayProblem(message, 'error', answer);
  button.disabled = false;
}

async function refreshLive() {
  await Promise.all([
    load('cluster', '/v1/cluster', renderCluster),
    load('audit', '/v1/ledger/audit', renderAudit),
    load('stuck', '/v1/payments?status=processing', renderStuck),
    loadRates(),
  ]);
  if (active) {
    say($('operator-updated'), t('updatedAt', { time: formatTime(new Date().toISOString()) }), 'hint');
  }
}

async function refreshAll() {
  await Promise.all([refreshLive(), loadBoard(), loadReconciliation()]);
}

export function wireOperator() {
  $('refresh-operator').addEventListener('click', refreshAll);
  $('kpi-form').addEventListener('submit', loadBoard);
  $('kpi-agency').addEventListener('change', loadBoard);
  $('kpi').addEventListener('click', (event) => {
    const link = event.target.closest('a.dossier-link');
    if (link) {
      event.preventDefault();
      openDossier(link.dataset.code);
    } else if (event.target.closest('#kpi-dossier-close')) {
      closeDossier();
    }
  });
  $('recon-form').addEventListener('submit', loadReconciliation);
  $('receipts-form').addEventListener('submit', loadReceipts);
  $('receipts').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-settlement]');
    if (button && !button.disabled) {
      confirmReceipt(button);
    }
  });
  onLangChange(() => {
    if (!active) {
      return;
    }
    draw('cluster', renderCluster);
    draw('audit', renderAudit);
    draw('stuck', renderStuck);
    draw('reconciliation', renderReconciliation);
    draw('receipts', renderReceipts);
    drawKpi();
    $('payment-rate').replaceChildren(renderRates());
  });
}
