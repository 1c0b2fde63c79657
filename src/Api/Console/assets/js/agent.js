// The agent's view: look a payment reference up, confirm the cash, watch the open window, declare it remitted (an
// operator then confirms the treasury received it; until then the cash still counts against the float).
import { call, seg } from './api.js';
import { $, h, say } from './dom.js';
import { formatTime, formatVnd, maskName, newIdempotencyKey } from './format.js';
import { onLangChange, paymentStatus, t } from './i18n.js';
import { sayProblem } from './problems.js';

let me = null;
let terms = null;        // the last looked-up CollectionTerms
let channel = null;      // the last ChannelView
let settlement = null;   // the last settlement answer
let confirmation = null; // {fingerprint, key}: kept while one confirmation is retried
let closing = null;      // {fingerprint, key}: kept while one declaration is retried
let confirmInFlight = false;
let closeInFlight = false;

export function startAgent(identity) {
  me = identity;
  $('channel-id').textContent = me.channelId;
  $('agent').hidden = false;
  refreshChannel();
  $('reference').focus();
}

export function stopAgent() {
  me = null;
  terms = channel = settlement = confirmation = closing = null;
  $('agent').hidden = true;
  $('terms').hidden = true;
  $('settlement').hidden = true;
  $('close-confirm').hidden = true;
  $('collected-note').hidden = true;
  for (const id of ['lookup-message', 'confirm-message', 'channel-message', 'close-message']) {
    say($(id), '');
  }
  $('lookup-form').reset();
  $('confirm-form').reset();
  $('remittance-reference').value = '';
  $('awaiting').hidden = true;
}

function renderTerms() {
  if (!terms) {
    $('terms').hidden = true;
    return;
  }
  $('terms').hidden = false;
  $('terms-amount').textContent = formatVnd(terms.amount);
  $('terms-dossier').textContent = terms.dossierCode;
  $('terms-applicant').textContent = maskName(terms.applicantName);
  $('terms-reference').textContent = terms.reference;
  const badge = $('terms-status');
  badge.textContent = paymentStatus(terms.status);
  badge.dataset.status = terms.status;
  const collectable = terms.method === 'cash' && terms.status === 'pending';
  $('confirm-form').hidden = !collectable;
  if (!collectable) {
    say($('lookup-message'), t('notCollectableStatus', { method: terms.method, status: paymentStatus(terms.status) }), 'warn');
  }
}

async function lookUp(event) {
  event.preventDefault();
  const reference = $('reference').value.trim().toUpperCase();
  if (!reference) {
    return;
  }
  $('reference').value = reference;
  say($('confirm-message'), '');
  $('collected-note').hidden = true;
  say($('lookup-message'), t('loading'));
  const answer = await call('GET', `/v1/payments/by-reference/${seg(reference)}`);
  if (answer.ok) {
    terms = answer.data;
    say($('lookup-message'), '');
    renderTerms();
    if (!$('confirm-form').hidden) {
      $('receipt-number').focus();
    }
    return;
  }
  terms = null;
  renderTerms();
  if (answer.status === 404) {
    say($('lookup-message'), t('notFoundReference', { reference }), 'error');
  } else {
    sayProblem($('lookup-message'), 'error', answer);
  }
}

async function confirmCash(event) {
  event.preventDefault();
  // Disabled before anything else, so a double click or a second Enter cannot send a second confirmation.
  if (confirmInFlight || !terms) {
    return;
  }
  const button = $('confirm-button');
  const receiptNumber = $('receipt-number').value.trim();
  if (!receiptNumber) {
    return;
  }
  confirmInFlight = true;
  button.disabled = true;
  button.textContent = t('confirming');
  try {
    const body = { reference: terms.reference, amount: terms.amount, receiptNumber };
    const fingerprint = JSON.stringify(body);
    if (!confirmation || confirmation.fingerprint !== fingerprint) {
      confirmation = { fingerprint, key: newIdempotencyKey() };
    }
    const answer = await call('POST', `/v1/channels/${seg(me.channelId)}/collections`, { body, idempotencyKey: confirmation.key });
    const message = $('confirm-message');
    if (answer.ok) {
      confirmation = null;
      const done = answer.data;
      // 200 instead of 201: this channel had collected the reference under another key; its collection is the answer.
      const words = answer.status === 200 ? 'alreadyCollected' : 'collected';
      say(message, t(words, { amount: formatVnd(done.amount), dossier: done.dossierCode, receipt: done.receiptNumber }), 'ok');
      // An agent may read neither the slip nor its status link (receipt.pdf is the portal's and the agency's): the note
      // says what the citizen already holds, the slip's QR, which shows the fee paid.
      $('collected-note').hidden = false;
      terms = { ...terms, status: done.paymentStatus ?? terms.status };
      renderTerms();
      say($('lookup-message'), '');
      $('confirm-form').reset();
      await refreshChannel();
      return;
    }
    const code = answer.problem?.code;
    if (answer.status === 0 || answer.status >= 500 || code === 'idempotency_key_in_use') {
      // Outcome unknown or still running: keep the key, so pressing again replays this same confirmation.
      if (code === 'idempotency_key_in_use') {
        say(message, t('inUse'), 'warn');
      } else {
        sayProblem(message, 'unknownOutcome', answer, 'warn');
      }
      return;
    }
    confirmation = null;
    if (code === 'float_limit_exceeded') {
      sayProblem(message, 'floatExceeded', answer);
    } else if (answer.status === 409) {
      sayProblem(message, 'conflict', answer);
      if (answer.problem?.currentStatus) {
        terms = { ...terms, status: answer.problem.currentStatus };
        renderTerms();
      }
    } else {
      sayProblem(message, 'error', answer);
    }
    await refreshChannel();
  } finally {
    confirmInFlight = false;
    button.disabled = false;
    button.textContent = t('confirmCash');
  }
}

function renderChannel() {
  if (!channel) {
    return;
  }
  const window = channel.openWindow;
  $('window-number').textContent = String(window.number);
  $('window-opened').textContent = formatTime(window.openedAt);
  $('window-count').textContent = String(window.count);
  $('window-total').textContent = formatVnd(window.total);
  $('float-limit').textContent = formatVnd(channel.floatLimit);
  $('float-remaining').textContent = formatVnd(channel.floatLimit - channel.position);
  $('awaiting-total').textContent = formatVnd(channel.awaitingReceiptTotal ?? 0);
  const awaiting = channel.awaitingReceipt ?? [];
  $('awaiting').hidden = awaiting.length === 0;
  $('awaiting-list').querySelector('tbody').replaceChildren(...awaiting.map((s) => h('tr', { 'data-settlement': s.id },
    h('td', { text: String(s.number) }),
    h('td', { text: formatTime(s.declaredAt) }),
    h('td', { class: 'mono', text: s.remittanceReference }),
    h('td', { class: 'num', text: formatVnd(s.total) }))));
}

async function refreshChannel() {
  if (!me) {
    return;
  }
  const answer = await call('GET', `/v1/channels/${seg(me.channelId)}`);
  if (answer.ok) {
    channel = answer.data;
    say($('channel-message'), '');
    renderChannel();
  } else {
    sayProblem($('channel-message'), 'error', answer);
  }
}

function askClose() {
  if (!channel) {
    return;
  }
  const window = channel.openWindow;
  $('close-question').textContent = t('declareQuestion', { number: window.number, count: window.count, total: formatVnd(window.total) });
  $('close-confirm').hidden = false;
  $('remittance-reference').focus();
}

async function closeWindow() {
  if (closeInFlight || !channel) {
    return;
  }
  const message = $('close-message');
  const remittanceReference = $('remittance-reference').value.trim();
  if (!remittanceReference) {
    say(message, t('remittanceRequired'), 'warn');
    $('remittance-reference').focus();
    return;
  }
  closeInFlight = true;
  const yes = $('close-yes');
  yes.disabled = true;
  say(message, t('closing'));
  try {
    // The amount is the window's confirmed total as shown: if a collection lands meanwhile, the server refuses it
    // (settlement_amount_mismatch) and the page shows the new total to declare.
    const body = { amount: channel.openWindow.total, remittanceReference };
    const fingerprint = JSON.stringify([channel.openWindow.number, body]);
    if (!closing || closing.fingerprint !== fingerprint) {
      closing = { fingerprint, key: newIdempotencyKey() };
    }
    const answer = await call('POST', `/v1/channels/${seg(me.channelId)}/settlements`, { body, idempotencyKey: closing.key });
    if (answer.ok) {
      closing = null;
      settlement = answer.data;
      $('close-confirm').hidden = true;
      $('remittance-reference').value = '';
      say(message, '');
      renderSettlement();
      await refreshChannel();
      return;
    }
    if (answer.status === 404 || answer.status === 405) {
      // The settlement route is not in this build yet.
      closing = null;
      $('close-confirm').hidden = true;
      say(message, t('notAvailable'), 'warn');
      return;
    }
    const code = answer.problem?.code;
    if (!(answer.status === 0 || answer.status >= 500 || code === 'idempotency_key_in_use')) {
      closing = null;
    }
    sayProblem(message, 'error', answer);
    if (code === 'settlement_amount_mismatch') {
      await refreshChannel();
      askClose();
    }
  } finally {
    closeInFlight = false;
    yes.disabled = false;
  }
}

function renderSettlement() {
  if (!settlement) {
    return;
  }
  const s = settlement;
  $('settlement').hidden = false;
  $('settlement-channel').textContent = s.channelId ?? me?.channelId ?? '';
  $('settlement-number').textContent = String(s.number ?? '');
  $('settlement-opened').textContent = formatTime(s.openedAt);
  $('settlement-closed').textContent = formatTime(s.closedAt);
  $('settlement-count').textContent = String(s.count ?? '');
  $('settlement-total').textContent = formatVnd(s.total);
  $('settlement-id').textContent = s.id ?? '';
  $('settlement-remittance').textContent = s.remittanceReference ?? '';
  const status = $('settlement-status');
  status.textContent = s.status ? t(`settlement.${s.status}`) : '';
  status.dataset.status = s.status ?? '';
  const body = $('settlement-collections').querySelector('tbody');
  body.replaceChildren(...(s.collections ?? []).map((c) => h('tr', {},
    h('td', { text: formatTime(c.at) }),
    h('td', { text: c.reference }),
    h('td', { text: c.dossierCode }),
    h('td', { text: c.receiptNumber }),
    h('td', { class: 'num', text: formatVnd(c.amount) }))));
  $('settlement').scrollIntoView({ block: 'start' });
}

export function wireAgent() {
  $('lookup-form').addEventListener('submit', lookUp);
  $('confirm-form').addEventListener('submit', confirmCash);
  $('refresh-channel').addEventListener('click', refreshChannel);
  $('close-window').addEventListener('click', askClose);
  $('close-no').addEventListener('click', () => { $('close-confirm').hidden = true; });
  $('close-yes').addEventListener('click', closeWindow);
  $('print-settlement').addEventListener('click', () => window.print());
  onLangChange(() => {
    if (!me) {
      return;
    }
    renderTerms();
    renderChannel();
    renderSettlement();
    if (!$('close-confirm').hidden) {
      askClose();
    }
    if (!confirmInFlight) {
      $('confirm-button').textContent = t('confirmCash');
    }
  });
}
