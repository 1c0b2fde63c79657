// The officer's view (a key bound to one agency, issue 20): the agency's dossiers by status, one dossier opened by code
// with its fees and payments, and where it is shown, its receipt slip: print it (the PDF fetched with the key, saved
// from a blob URL, since a plain link cannot carry the key), the citizen's status link to copy, and a reissue of that
// link, which stops every slip already printed.
import { call, fetchFile, seg } from './api.js';
import { $, facts, h, say, table } from './dom.js';
import { formatTime, formatVnd, newIdempotencyKey } from './format.js';
import { dossierStatus, onLangChange, paymentStatus, t } from './i18n.js';
import { problemMessage, sayProblem, serverDetail } from './problems.js';

const pageSize = 20;
const statuses = ['submitted', 'accepted', 'refused', 'processing', 'supplement_requested', 'payment_requested', 'withdrawn',
  'stopped', 'processed', 'returned'];
const methods = ['cash', 'vietqr', 'wallet', 'viettelpay', 'vnptpay'];

let me = null;
let procedures = new Map(); // procedure code → name, from the catalogue (any role may read it)
let list = null;        // {status, cursors, index, answer}: cursors[i] is the `after` of page i (null for the first)
let opened = null;      // the opened dossier's GET answer (ok)
let link = null;        // its StatusLinkView
let slipUrl = null;     // blob: URL of the last slip fetched
let reissuing = null;   // {code, key}: kept while one reissue is retried
let openTicket = 0;     // the latest open; older answers arriving late are dropped
let slipInFlight = false;
let reissueInFlight = false;

export function startOfficer(identity) {
  me = identity;
  $('officer-agency').textContent = me.agencyCode;
  $('officer').hidden = false;
  fillStatuses();
  loadList(0, true);
  loadProcedures();
}

export function stopOfficer() {
  me = null;
  procedures = new Map();
  list = opened = link = reissuing = null;
  openTicket += 1;
  forgetSlip();
  $('officer').hidden = true;
  $('officer-dossier').hidden = true;
  $('officer-list').replaceChildren();
  delete $('officer-list').dataset.query;
  delete $('officer-open-message').dataset.status;
  $('officer-dossier-facts').replaceChildren();
  $('reissue-confirm').hidden = true;
  for (const id of ['officer-open-message', 'slip-message', 'link-message']) {
    say($(id), '');
  }
  $('officer-open').reset();
  $('officer-filter').reset();
}

function fillStatuses() {
  const select = $('officer-status');
  const chosen = select.value;
  select.replaceChildren(h('option', { value: '', text: t('allStatuses') }),
    ...statuses.map((s) => h('option', { value: s, text: dossierStatus(s) })));
  select.value = chosen;
}

/** The catalogue's names, to show a procedure by name as well as by code; without them the code alone is shown. */
async function loadProcedures() {
  const answer = await call('GET', '/v1/procedures');
  if (!me || !answer.ok) {
    return;
  }
  procedures = new Map((answer.data ?? []).map((p) => [p.code, p.name]));
  renderDossier();
}

// ---------------------------------------------------------------------------------------------------------------
// The list: GET /v1/dossiers?agency=…&status=…, read page by page with the `next` cursor.

function listFailure(answer) {
  if (answer.status === 403) {
    return h('p', { class: 'message error', 'data-state': 'error', text: t('officerListForbidden', { agency: me.agencyCode }) });
  }
  return h('p', { class: 'message error', 'data-state': 'error' },
    h('span', { class: 'problem-text', text: t('error', { detail: problemMessage(answer) }) }), serverDetail(answer));
}

function renderList() {
  const root = $('officer-list');
  $('officer-prev').hidden = true;
  $('officer-next').hidden = true;
  if (!list?.answer) {
    root.replaceChildren();
    return;
  }
  const answer = list.answer;
  if (!answer.ok) {
    root.replaceChildren(listFailure(answer));
    return;
  }
  const page = answer.data;
  $('officer-prev').hidden = list.index === 0;
  $('officer-next').hidden = !page.next;
  root.replaceChildren(h('div', { 'data-state': 'loaded' },
    h('p', { class: 'hint', id: 'officer-total', 'data-total': String(page.total),
      text: t('officerTotal', { total: page.total, page: list.index + 1 }) }),
    page.items.length === 0
      ? h('p', { class: 'hint', 'data-empty': 'dossiers', text: t('noDossiers') })
      : table([t('dossier'), t('status'), t('procedure'), t('dueAt'), t('overdueNow')],
        page.items.map((d) => [
          h('a', { href: `#ho-so/${encodeURIComponent(d.code)}`, class: 'dossier-link', 'data-code': d.code, text: d.code }),
          dossierStatus(d.status), d.procedureCode, formatTime(d.dueAt), d.overdue ? t('yes') : t('no'),
        ]))));
}

async function loadList(index, fresh = false) {
  if (!me) {
    return;
  }
  if (fresh) {
    list = { status: $('officer-status').value, cursors: [null], index: 0, answer: null };
  }
  const after = list.cursors[index];
  const query = new URLSearchParams({ agency: me.agencyCode, pageSize: String(pageSize) });
  if (list.status) {
    query.set('status', list.status);
  }
  if (after) {
    query.set('after', after);
  }
  const asked = list;
  const answer = await call('GET', `/v1/dossiers?${query}`);
  if (!me || list !== asked) {
    return;
  }
  list.index = index;
  list.answer = answer;
  $('officer-list').dataset.query = query.toString();
  if (answer.ok && answer.data.next) {
    list.cursors[index + 1] = answer.data.next;
  }
  renderList();
}

// ---------------------------------------------------------------------------------------------------------------
// One dossier: GET /v1/dossiers/{code}, then its status link.

function renderDossier() {
  if (!opened) {
    $('officer-dossier').hidden = true;
    return;
  }
  const d = opened;
  const fees = d.fees ?? [];
  const payments = d.payments ?? [];
  $('officer-dossier-title').textContent = t('dossierTitle', { code: d.code });
  $('officer-dossier').dataset.code = d.code;
  $('officer-dossier-facts').replaceChildren(
    facts([
      [t('status'), h('span', { id: 'officer-dossier-status', class: 'badge', 'data-status': d.status, text: dossierStatus(d.status) })],
      [t('procedure'), procedures.has(d.procedureCode) ? `${d.procedureCode} · ${procedures.get(d.procedureCode)}` : d.procedureCode],
      [t('applicant'), `${d.applicant?.fullName ?? ''} · ${t('citizenId')} ${d.applicant?.citizenId ?? ''}`],
      [t('receivingCentre'), d.receivingCentre],
      [t('submittedAt'), formatTime(d.submittedAt)],
      [t('dueAt'), h('span', { id: 'officer-dossier-due', text: formatTime(d.dueAt) })],
      [t('overdueNow'), d.overdue ? t('yes') : t('no')],
    ]),
    h('h3', { text: t('fees') }),
    fees.length === 0
      ? h('p', { class: 'hint', text: t('noFees') })
      : table([t('kind'), t('feeName'), t('amount'), t('paid')],
        fees.map((f) => [f.kind === 'fee' ? t('feeKind') : t('chargeKind'), f.name, formatVnd(f.amount), f.paid ? t('yes') : t('no')]), [2]),
    h('h3', { text: t('payments') }),
    payments.length === 0
      ? h('p', { class: 'hint', text: t('none') })
      : table([t('method'), t('amount'), t('status'), t('createdAt')],
        payments.map((p) => [methodName(p.method), formatVnd(p.amount), paymentStatus(p.status), formatTime(p.createdAt)]), [1]));
  $('officer-dossier').hidden = false;
}

/** A payment method in words; one this page does not know is shown as the API wrote it. */
function methodName(method) {
  return methods.includes(method) ? t(`method.${method}`) : String(method);
}

function renderLink() {
  const url = $('status-link-url');
  const open = $('status-link-open');
  url.value = link?.pageUrl ?? '';
  open.hidden = !link;
  if (link) {
    open.href = link.pageUrl;
  } else {
    open.removeAttribute('href');
  }
  $('status-link-copy').disabled = !link;
  $('reissue-link').disabled = !link;
}

function forgetSlip() {
  if (slipUrl) {
    URL.revokeObjectURL(slipUrl);
    slipUrl = null;
  }
  const file = $('slip-file');
  file.hidden = true;
  file.removeAttribute('href');
}

async function openDossier(code) {
  if (!me) {
    return;
  }
  const ticket = ++openTicket;
  const message = $('officer-open-message');
  message.dataset.status = '';
  say(message, t('loading'));
  const answer = await call('GET', `/v1/dossiers/${seg(code)}`);
  if (!me || ticket !== openTicket) {
    return;
  }
  message.dataset.status = String(answer.status);
  if (!answer.ok) {
    opened = link = null;
    forgetSlip();
    renderDossier();
    if (answer.status === 403) {
      sayProblem(message, 'officerDossierForbidden', answer, 'error', { code, agency: me.agencyCode });
    } else if (answer.status === 404) {
      say(message, t('officerDossierNotFound', { code }), 'error');
    } else {
      sayProblem(message, 'error', answer);
    }
    return;
  }
  if (opened?.code !== answer.data.code) {
    forgetSlip();
    reissuing = null;
    $('reissue-confirm').hidden = true;
    say($('slip-message'), '');
    say($('link-message'), '');
    link = null;
  }
  opened = answer.data;
  say(message, '');
  renderDossier();
  renderLink();
  await loadLink(ticket);
}

async function loadLink(ticket) {
  const code = opened.code;
  const answer = await call('GET', `/v1/dossiers/${seg(code)}/status-link`);
  if (!me || ticket !== openTicket) {
    return;
  }
  if (answer.ok) {
    link = answer.data;
    renderLink();
  } else {
    link = null;
    renderLink();
    sayProblem($('link-message'), 'error', answer);
  }
}

async function openFromForm(event) {
  event.preventDefault();
  const code = $('officer-code').value.trim().toUpperCase();
  if (!code) {
    return;
  }
  $('officer-code').value = code;
  await openDossier(code);
}

// ---------------------------------------------------------------------------------------------------------------
// The slip and the status link.

async function printSlip() {
  if (slipInFlight || !opened) {
    return;
  }
  const code = opened.code;
  const button = $('slip-print');
  const message = $('slip-message');
  slipInFlight = true;
  button.disabled = true;
  say(message, t('slipFetching'));
  try {
    const answer = await fetchFile(`/v1/dossiers/${seg(code)}/receipt.pdf`, 'application/pdf');
    if (!me || opened?.code !== code) {
      return;
    }
    if (!answer.ok) {
      sayProblem(message, answer.status === 403 ? 'officerSlipForbidden' : 'error', answer);
      return;
    }
    forgetSlip();
    slipUrl = URL.createObjectURL(answer.blob);
    const file = $('slip-file');
    file.href = slipUrl;
    file.download = `giay-tiep-nhan-${code}.pdf`;
    file.hidden = false;
    file.click();
    say(message, t('slipReady', { code }), 'ok');
  } finally {
    slipInFlight = false;
    button.disabled = false;
  }
}

async function copyLink() {
  if (!link) {
    return;
  }
  const input = $('status-link-url');
  input.select();
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(link.pageUrl);
      copied = true;
    } else {
      copied = document.execCommand('copy');
    }
  } catch {
    copied = false;
  }
  say($('link-message'), copied ? t('linkCopied') : t('linkCopyByHand'), copied ? 'ok' : 'warn');
}

function askReissue() {
  if (!opened || !link) {
    return;
  }
  $('reissue-question').textContent = t('reissueQuestion', { code: opened.code });
  $('reissue-confirm').hidden = false;
  $('reissue-yes').focus();
}

async function reissue() {
  if (reissueInFlight || !opened) {
    return;
  }
  const code = opened.code;
  const ticket = openTicket;
  const yes = $('reissue-yes');
  const message = $('link-message');
  reissueInFlight = true;
  yes.disabled = true;
  say(message, t('reissuing'));
  try {
    if (!reissuing || reissuing.code !== code) {
      reissuing = { code, key: newIdempotencyKey() };
    }
    const answer = await call('POST', `/v1/dossiers/${seg(code)}/status-link/reissue`, { body: {}, idempotencyKey: reissuing.key });
    if (!me || ticket !== openTicket) {
      return;
    }
    if (answer.ok) {
      reissuing = null;
      link = answer.data;
      $('reissue-confirm').hidden = true;
      forgetSlip();
      say($('slip-message'), '');
      renderLink();
      say(message, t('reissued', { code }), 'ok');
      return;
    }
    const problem = answer.problem?.code;
    if (answer.status === 0 || answer.status >= 500 || problem === 'idempotency_key_in_use') {
      // Outcome unknown or still running: the key stays, so pressing again replays this same reissue (one new link).
      sayProblem(message, 'reissueUnknown', answer, 'warn');
      return;
    }
    reissuing = null;
    sayProblem(message, 'error', answer);
  } finally {
    reissueInFlight = false;
    yes.disabled = false;
  }
}

export function wireOfficer() {
  $('officer-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    loadList(0, true);
  });
  $('officer-status').addEventListener('change', () => loadList(0, true));
  $('officer-prev').addEventListener('click', () => list && loadList(Math.max(list.index - 1, 0)));
  $('officer-next').addEventListener('click', () => list && loadList(list.index + 1));
  $('officer-list').addEventListener('click', (event) => {
    const anchor = event.target.closest('a.dossier-link');
    if (anchor) {
      event.preventDefault();
      $('officer-code').value = anchor.dataset.code;
      openDossier(anchor.dataset.code).then(() => $('officer-dossier').scrollIntoView({ block: 'start' }));
    }
  });
  $('officer-open').addEventListener('submit', openFromForm);
  $('slip-print').addEventListener('click', printSlip);
  $('status-link-copy').addEventListener('click', copyLink);
  $('reissue-link').addEventListener('click', askReissue);
  $('reissue-no').addEventListener('click', () => { $('reissue-confirm').hidden = true; });
  $('reissue-yes').addEventListener('click', reissue);
  onLangChange(() => {
    if (!me) {
      return;
    }
    fillStatuses();
    renderList();
    renderDossier();
    if (!$('reissue-confirm').hidden) {
      askReissue();
    }
  });
}
