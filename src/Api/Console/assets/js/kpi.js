// The operator's service-quality board (Decision 766/QĐ-TTg): the month's agencies ranked by on-time rate, one agency's
// indicators with their charts (12 months of on-time rate, online-payment share, rating distribution) and its overdue
// dossiers, oldest first, each opening the dossier. Charts are Chart.js (vendor/chart.umd.min.js, MIT, served by MotCua).
import { call, seg } from './api.js';
import { $, h, table } from './dom.js';
import { formatNumber, formatTime, formatVnd, todayInVietnam } from './format.js';
import { dossierStatus, lang, t } from './i18n.js';
import { problemMessage, serverDetail } from './problems.js';

const palette = { accent: '#b3261e', ok: '#1a7f37', muted: '#8c959f', warn: '#9a6700' };
let state = null; // {month, agency, board, detail, trend, dossier}: the last answers, redrawn on a language change

/** This Vietnam month, yyyy-MM. */
export function thisMonth() {
  return todayInVietnam().slice(0, 7);
}

/** The twelve months up to and including `month` (yyyy-MM), oldest first. */
export function lastTwelve(month) {
  const [year, m] = month.split('-').map(Number);
  return Array.from({ length: 12 }, (_, i) => {
    const date = new Date(Date.UTC(year, m - 1 - (11 - i), 1));
    return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

const percent = (share) => `${formatNumber(share * 100, 1)} %`;
const monthLabel = (month) => `${month.slice(5)}/${month.slice(0, 4)}`;

function failure(answer) {
  if (answer.status === 404 || answer.status === 405) {
    return h('p', { class: 'message warn', 'data-state': 'not-available', text: t('notAvailable') });
  }
  return h('p', { class: 'message error', 'data-state': 'error' },
    h('span', { class: 'problem-text', text: t('error', { detail: problemMessage(answer) }) }), serverDetail(answer));
}

function chart(id, config) {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': config.label });
  const box = h('div', { class: 'chart' }, canvas);
  // Drawn once the canvas is in the page; the chart keeps its data on the canvas (Chart.getChart(canvas)).
  queueMicrotask(() => {
    Chart.getChart(canvas)?.destroy();
    new Chart(canvas, {
      type: config.type,
      data: config.data,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: config.horizontal ? 'y' : 'x',
        plugins: { legend: { display: config.legend ?? false } },
        scales: config.scales,
      },
    });
  });
  return box;
}

function tile(title, group, definition, body) {
  return h('section', { class: 'kpi-tile' },
    h('h4', { text: title }),
    h('p', { class: 'kpi-value' }, body),
    h('p', { class: 'hint', text: `${t(`group.${group}`)}. ${definition[lang()] ?? definition.vi}` }));
}

function renderRanking(board) {
  const ranked = board.agencies.filter((a) => a.indicators.onTimeSettlement.rate !== null);
  const without = board.agencies.filter((a) => a.indicators.onTimeSettlement.rate === null).map((a) => a.agencyCode);
  return h('div', { class: 'kpi-ranking', 'data-state': 'loaded' },
    h('h3', { text: t('rankingTitle', { month: monthLabel(board.month) }) }),
    ranked.length === 0
      ? h('p', { class: 'hint', 'data-empty': 'ranking', text: t('noDossiers') })
      : chart('kpi-ranking-chart', {
        type: 'bar',
        horizontal: true,
        label: t('rankingTitle', { month: monthLabel(board.month) }),
        data: {
          labels: ranked.map((a) => a.agencyCode),
          datasets: [{ label: t('onTimeRateLabel'), data: ranked.map((a) => Math.round(a.indicators.onTimeSettlement.rate * 1000) / 10), backgroundColor: palette.accent }],
        },
        scales: { x: { min: 0, max: 100 } },
      }),
    without.length > 0 ? h('p', { class: 'hint', text: t('rankingNone', { codes: without.join(', ') }) }) : null);
}

function renderIndicators(detail) {
  const k = detail.indicators;
  const on = k.onTimeSettlement;
  const over = k.overdue;
  const pay = k.onlinePayment;
  const sat = k.satisfaction;
  const lead = k.leadTime;
  return h('div', { class: 'kpi-tiles' },
    tile(t('onTimeTitle'), on.group, on.definition, on.results === 0 ? t('noDossiers')
      : t('onTimeValue', { rate: percent(on.rate), early: on.early, onTime: on.onTime, late: on.late, results: on.results })),
    tile(t('overdueTitle'), over.group, over.definition, over.total === 0 ? t('noOverdue')
      : t('overdueValue', { total: over.total, withApology: over.withApology, withoutApology: over.withoutApology })),
    tile(t('onlineTitle'), pay.group, pay.definition, pay.payments === 0 ? t('noPayments')
      : t('onlineValue', { countShare: percent(pay.countShare), online: pay.onlinePayments, payments: pay.payments,
        amountShare: percent(pay.amountShare), onlineAmount: formatVnd(pay.onlineAmount), amount: formatVnd(pay.amount) })),
    tile(t('satisfactionTitle'), sat.group, sat.definition, sat.ratings === 0 ? t('noRatings')
      : t('satisfactionValue', { share: percent(sat.shareFourOrFive), ratings: sat.ratings })),
    tile(t('leadTitle'), lead.group, lead.definition, lead.results === 0 ? t('noDossiers')
      : t('leadValue', { median: formatNumber(lead.medianWorkingDays, 2), p90: formatNumber(lead.p90WorkingDays, 2), results: lead.results })));
}

function renderCharts(detail, trend) {
  const k = detail.indicators;
  const pay = k.onlinePayment;
  const sat = k.satisfaction;
  const trendHasData = trend.some((m) => m.rate !== null);
  return h('div', { class: 'kpi-charts' },
    h('figure', { class: 'kpi-figure', id: 'kpi-trend' },
      h('figcaption', { text: t('trendTitle') }),
      trendHasData
        ? chart('kpi-trend-chart', {
          type: 'line',
          label: t('trendTitle'),
          data: {
            labels: trend.map((m) => monthLabel(m.month)),
            datasets: [{ label: t('onTimeRateLabel'), data: trend.map((m) => (m.rate === null ? null : Math.round(m.rate * 1000) / 10)),
              borderColor: palette.accent, backgroundColor: palette.accent, spanGaps: false }],
          },
          scales: { y: { min: 0, max: 100 } },
        })
        : h('p', { class: 'hint', 'data-empty': 'trend', text: t('noDossiers') })),
    h('figure', { class: 'kpi-figure', id: 'kpi-online' },
      h('figcaption', { text: t('onlineTitle') }),
      pay.payments === 0
        ? h('p', { class: 'hint', 'data-empty': 'online', text: t('noPayments') })
        : chart('kpi-online-chart', {
          type: 'doughnut',
          legend: true,
          label: t('onlineTitle'),
          data: {
            labels: [t('onlineLabel'), t('cashLabel')],
            datasets: [{ data: [pay.onlinePayments, pay.payments - pay.onlinePayments], backgroundColor: [palette.ok, palette.muted] }],
          },
        })),
    h('figure', { class: 'kpi-figure', id: 'kpi-ratings' },
      h('figcaption', { text: t('satisfactionTitle') }),
      sat.ratings === 0
        ? h('p', { class: 'hint', 'data-empty': 'ratings', text: t('noRatings') })
        : chart('kpi-ratings-chart', {
          type: 'bar',
          label: t('satisfactionTitle'),
          data: {
            labels: sat.distribution.map((d) => t('scoreLabel', { score: d.score })),
            datasets: [{ label: t('ratingsLabel'), data: sat.distribution.map((d) => d.count), backgroundColor: palette.warn }],
          },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        })));
}

function renderOverdue(detail) {
  const list = detail.overdueDossiers;
  return h('div', { class: 'kpi-overdue' },
    h('h3', { text: t('overdueListTitle') }),
    list.length === 0
      ? h('p', { class: 'hint', 'data-empty': 'overdue', text: t('noOverdue') })
      : table([t('dossier'), t('status'), t('promisedAt'), t('apologized'), t('newDueAt')],
        list.map((d) => [
          h('a', { href: `#ho-so/${encodeURIComponent(d.code)}`, class: 'dossier-link', 'data-code': d.code, text: d.code }),
          dossierStatus(d.status), formatTime(d.promisedAt), d.apologized ? t('yes') : t('no'),
          d.apologized && d.dueAt ? formatTime(d.dueAt) : '—',
        ])),
    h('div', { id: 'kpi-dossier' }, state?.dossier ? renderDossier(state.dossier) : null));
}

function renderDossier(answer) {
  if (!answer.ok) {
    return failure(answer);
  }
  const d = answer.data;
  return h('article', { class: 'dossier-card', 'data-state': 'loaded', 'data-code': d.code },
    h('h4', { text: t('dossierTitle', { code: d.code }) }),
    h('dl', { class: 'facts' },
      h('dt', { text: t('status') }), h('dd', { text: dossierStatus(d.status) }),
      h('dt', { text: t('dueAt') }), h('dd', { text: formatTime(d.dueAt) }),
      h('dt', { text: t('overdueNow') }), h('dd', { text: d.overdue ? t('yes') : t('no') })),
    h('h4', { text: t('history') }),
    table([t('at'), t('status'), t('detail')],
      d.history.filter((e) => e.toStatus).map((e) => [formatTime(e.at), dossierStatus(e.toStatus), e.reason ?? ''])),
    h('button', { type: 'button', class: 'secondary', id: 'kpi-dossier-close', text: t('close') }));
}

/** Draws the last answers again (a language change, or a dossier opened). */
export function drawKpi() {
  const root = $('kpi');
  if (!state) {
    root.replaceChildren();
    return;
  }
  if (!state.board.ok) {
    root.replaceChildren(failure(state.board));
    return;
  }
  const parts = [renderRanking(state.board.data)];
  if (state.detail) {
    parts.push(h('h3', { class: 'kpi-agency', text: `${t('agency')}: ${state.agency}` }));
    if (state.detail.ok) {
      parts.push(renderIndicators(state.detail.data), renderCharts(state.detail.data, state.trend), renderOverdue(state.detail.data),
        h('p', { class: 'hint', text: t('noPoints') }));
    } else {
      parts.push(failure(state.detail));
    }
  }
  root.replaceChildren(h('div', { 'data-state': 'loaded' }, parts));
}

/** Loads the board for the month and agency chosen in the form (default: this month, the best-ranked agency). */
export async function loadKpi(isActive) {
  const monthInput = $('kpi-month');
  if (!/^\d{4}-\d{2}$/.test(monthInput.value)) {
    monthInput.value = thisMonth();
  }
  const month = monthInput.value;
  const board = await call('GET', `/v1/kpi/agencies?month=${seg(month)}`);
  if (!isActive()) {
    return;
  }
  const select = $('kpi-agency');
  let agency = select.value;
  if (board.ok) {
    const codes = board.data.agencies.map((a) => a.agencyCode);
    if (select.options.length !== codes.length) {
      select.replaceChildren(...codes.map((c) => h('option', { value: c, text: c })));
    }
    agency = codes.includes(agency) ? agency : codes[0];
    select.value = agency ?? '';
  }
  let detail = null;
  let trend = [];
  if (board.ok && agency) {
    const months = lastTwelve(month);
    const answers = await Promise.all(months.map((m) => call('GET', `/v1/kpi/agencies/${seg(agency)}?month=${seg(m)}`)));
    if (!isActive()) {
      return;
    }
    detail = answers[answers.length - 1];
    trend = months.map((m, i) => ({ month: m, rate: answers[i].ok ? answers[i].data.indicators.onTimeSettlement.rate : null }));
  }
  state = { month, agency, board, detail, trend, dossier: null };
  drawKpi();
}

/** Opens one overdue dossier under the list. */
export async function openDossier(code) {
  if (!state) {
    return;
  }
  state.dossier = await call('GET', `/v1/dossiers/${seg(code)}`);
  const box = document.getElementById('kpi-dossier');
  if (box) {
    box.replaceChildren(renderDossier(state.dossier));
  }
}

export function closeDossier() {
  if (state) {
    state.dossier = null;
  }
  document.getElementById('kpi-dossier')?.replaceChildren();
}

export function resetKpi() {
  state = null;
  for (const instance of Object.values(Chart.instances)) {
    instance.destroy();
  }
}
