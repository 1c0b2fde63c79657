// Drives the MotCua web console in Debian's headless chromium through playwright-core (no browser is downloaded).
// Started by ConsoleBrowserTests with a scenario name and a JSON input in MOTCUA_CONSOLE_INPUT; prints one line
// "RESULT {json}" on success and exits 0; on failure prints the error, saves a screenshot, and exits 1.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const scenario = process.argv[2];
const input = JSON.parse(process.env.MOTCUA_CONSOLE_INPUT ?? '{}');
const base = new URL(input.baseUrl);
const artifacts = join(input.artifactsDir, scenario);
mkdirSync(artifacts, { recursive: true });
const timeout = 20_000;
const result = { scenario, screenshots: [] };

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const started = Date.now();

async function shot(page, name, options = {}) {
  (result.timings ??= {})[name] = Date.now() - started;
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true, ...options });
  result.screenshots.push(path);
}

/** Waits until fn() (run in the page) returns something truthy; returns it. */
async function until(page, description, fn, arg) {
  try {
    const handle = await page.waitForFunction(fn, arg, { timeout });
    return await handle.jsonValue();
  } catch (error) {
    throw new Error(`Timed out waiting for ${description}: ${error.message.split('\n')[0]}`);
  }
}

const text = (page, selector) => page.locator(selector).innerText();

/**
 * Chromium with a fresh profile (the test makes an empty --user-data-dir for every run; playwright passes it as the
 * persistent context's folder) and a context that records every request, so the test can prove that nothing leaves
 * MotCua and that no key is put in a URL.
 */
async function launch() {
  const context = await chromium.launchPersistentContext(input.userDataDir, {
    executablePath: input.chromium,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    timeout: 30_000,
  });
  for (const page of context.pages()) {
    await page.close();
  }
  context.requests = [];
  context.consoleErrors = [];
  context.on('request', (request) => context.requests.push({ method: request.method(), url: request.url(), headers: request.headers() }));
  context.on('page', (page) => page.on('pageerror', (error) => context.consoleErrors.push(String(error))));
  return context;
}

function checkRequests(context, keys) {
  for (const request of context.requests) {
    const url = new URL(request.url);
    check(url.origin === base.origin || url.protocol === 'data:',
      `The page called something outside MotCua: ${request.method} ${request.url}`);
    for (const key of keys) {
      check(!decodeURIComponent(request.url).includes(key), `An API key appeared in a URL: ${request.url}`);
    }
  }
  check(context.consoleErrors.length === 0, `Script errors on the page: ${context.consoleErrors.join('; ')}`);
}

async function signIn(page, key) {
  await page.goto(new URL('/console/', base).href);
  await page.locator('#api-key').fill(key);
  await page.locator('#sign-in-button').click();
  check(!page.url().includes(key), 'The key appeared in the page URL');
}

async function lookUp(page, reference) {
  await page.locator('#reference').fill(reference.toLowerCase());
  await page.locator('#lookup-button').click();
  await page.locator('#terms').waitFor({ state: 'visible', timeout });
  await until(page, `the terms of ${reference}`, (r) => document.querySelector('#terms-reference').textContent === r, reference);
}

async function windowFigures(page) {
  return { count: Number(await text(page, '#window-count')), total: await text(page, '#window-total') };
}

// ---------------------------------------------------------------------------------------------------------------
async function agent(context) {
  const page = await context.newPage();
  await signIn(page, input.agentKey);
  await page.locator('#agent').waitFor({ state: 'visible', timeout });
  check(await text(page, '#channel-id') === input.channelId, 'The agent view does not show the key\'s channel');
  await until(page, 'the open window', () => document.querySelector('#window-count').textContent !== '');
  const before = await windowFigures(page);
  check(before.count === input.windowCountBefore,
    `The window count shows ${before.count}, the API said ${input.windowCountBefore}`);
  await shot(page, '01-agent-signed-in');

  // Look the reference up (typed in lower case: the page normalizes it).
  await lookUp(page, input.reference);
  check(await text(page, '#terms-amount') === input.expectedAmount,
    `Amount shown as ${JSON.stringify(await text(page, '#terms-amount'))}, expected ${JSON.stringify(input.expectedAmount)}`);
  check(await text(page, '#terms-dossier') === input.dossierCode, 'The dossier code is not shown');
  check(await text(page, '#terms-applicant') === input.expectedMaskedName,
    `Applicant shown as ${JSON.stringify(await text(page, '#terms-applicant'))}, expected ${JSON.stringify(input.expectedMaskedName)}`);
  check(!(await page.content()).includes(input.applicantName), 'The full applicant name is in the page');
  check(await page.locator('#terms-status').getAttribute('data-status') === 'pending', 'The payment does not show as pending');
  check(await text(page, '#terms-status') === 'Chờ thanh toán', 'The pending status is not in Vietnamese');
  await shot(page, '02-agent-looked-up');

  // A second tab (another counter's agent, another channel) looks the same reference up while it is still pending.
  const other = await context.newPage();
  await signIn(other, input.otherAgentKey);
  await other.locator('#agent').waitFor({ state: 'visible', timeout });
  await lookUp(other, input.reference);
  check(await other.locator('#confirm-form').isVisible(), 'The second tab cannot confirm a pending payment');

  // Confirm with a double click: one collection only.
  await page.locator('#receipt-number').fill(input.receiptNumber);
  await page.locator('#confirm-button').dblclick();
  await until(page, 'the confirmation', () => document.querySelector('#confirm-message.ok')?.textContent);
  const confirmed = await text(page, '#confirm-message');
  check(confirmed.includes(input.expectedAmount) && confirmed.includes(input.receiptNumber), `Unexpected confirmation: ${confirmed}`);
  const posts = context.requests.filter((r) => r.method === 'POST' && r.url.includes('/collections'));
  check(posts.length === 1, `A double click sent ${posts.length} collection requests`);
  check(/^[0-9a-f-]{36}$/.test(posts[0].headers['idempotency-key'] ?? ''), 'The collection had no generated Idempotency-Key');
  check(posts[0].headers.authorization === `Bearer ${input.agentKey}`, 'The collection was not sent with the bearer key');
  await until(page, 'the window count to change',
    (expected) => document.querySelector('#window-count').textContent === String(expected), before.count + 1);
  const after = await windowFigures(page);
  result.windowBefore = before;
  result.windowAfter = after;
  result.idempotencyKey = posts[0].headers['idempotency-key'];
  result.collectedNote = await page.locator('#collected-note').isVisible() ? await text(page, '#collected-note') : null;
  await shot(page, '03-agent-confirmed');

  // The second tab tries to confirm the same reference: the server refuses, the page shows the conflict.
  await other.locator('#receipt-number').fill(`${input.receiptNumber}-2`);
  await other.locator('#confirm-button').click();
  await until(other, 'the conflict', () => document.querySelector('#confirm-message.error')?.textContent);
  // The refusal reads in Vietnamese, by its code; the server's own (English) text only behind "Chi tiết".
  result.conflictMessage = await text(other, '#confirm-message .problem-text');
  result.conflictDetailsOpen = await other.locator('#confirm-message details').evaluate((d) => d.open);
  result.conflictVisibleText = await text(other, '#confirm-message');
  await shot(other, '04a-agent-conflict-in-vietnamese');
  await other.locator('#confirm-message details summary').click();
  result.conflictDetails = await text(other, '#confirm-message details');
  check(await other.locator('#terms-status').getAttribute('data-status') === 'succeeded', 'The second tab does not show the payment as succeeded');
  check(!(await other.locator('#confirm-form').isVisible()), 'The second tab still offers to confirm');
  await shot(other, '04-agent-second-attempt-conflict');
  await other.close();

  // Looking it up again shows it paid, with nothing to confirm.
  await lookUp(page, input.reference);
  await until(page, 'the paid status', () => document.querySelector('#terms-status').dataset.status === 'succeeded');
  check(!(await page.locator('#confirm-form').isVisible()), 'A paid reference can still be confirmed');

  // English labels; amounts stay VND.
  await page.locator('#lang').click();
  await until(page, 'English labels', () => document.querySelector('#collect-title').textContent === 'Collect cash');
  check(await text(page, '#terms-amount') === input.expectedAmount, 'The amount changed format with the language');
  check(await text(page, '#terms-status') === 'Paid', 'The status is not in English');
  result.englishTitle = await text(page, '#window-title');
  await page.locator('#lang').click();
  await until(page, 'Vietnamese labels', () => document.querySelector('#collect-title').textContent === 'Thu tiền mặt');

  // An agent's phone: nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 812 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `The agent view is ${overflow}px wider than a 375px phone screen`);
  await shot(page, '05-agent-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // The key survives a reload of the tab (sessionStorage) but never sits in the URL.
  await page.reload();
  await page.locator('#agent').waitFor({ state: 'visible', timeout });
  check(await page.evaluate(() => Object.keys(localStorage).every((k) => !localStorage.getItem(k).includes('dev-'))),
    'The key was written to localStorage');

  // Declare the window remitted: without a remittance reference the page asks for one and sends nothing.
  await page.locator('#close-window').click();
  await page.locator('#close-confirm').waitFor({ state: 'visible', timeout });
  await page.locator('#close-yes').click();
  result.missingReferenceMessage = await until(page, 'the missing reference', () => document.querySelector('#close-message.warn')?.textContent);
  check(!context.requests.some((r) => r.method === 'POST' && r.url.includes('/settlements')), 'A declaration without a reference was sent');
  await page.locator('#remittance-reference').fill(input.remittanceReference);
  await page.locator('#close-yes').click();
  const outcome = await until(page, 'the settlement outcome', () => {
    if (!document.querySelector('#settlement').hidden) {
      return 'summary';
    }
    const message = document.querySelector('#close-message');
    return message.classList.contains('warn') || message.classList.contains('error') ? message.className : null;
  });
  result.settlement = outcome === 'summary' ? 'summary' : (outcome.includes('warn') ? 'not-available' : 'error');
  result.closeMessage = await text(page, '#close-message').catch(() => '');
  if (result.settlement === 'summary') {
    result.settlementCount = Number(await text(page, '#settlement-count'));
    result.settlementTotal = await text(page, '#settlement-total');
    result.settlementReferences = await page.locator('#settlement-collections tbody tr td:nth-child(2)').allInnerTexts();
    result.settlementId = await text(page, '#settlement-id');
    result.settlementStatus = await text(page, '#settlement-status');
    result.settlementRemittance = await text(page, '#settlement-remittance');
    // The window card lists it among the settlements awaiting the treasury's receipt.
    await until(page, 'the settlement awaiting receipt', (id) => document.querySelector(`#awaiting-list tr[data-settlement="${id}"]`),
      result.settlementId);
    result.awaitingRow = await page.locator(`#awaiting-list tr[data-settlement="${result.settlementId}"] td`).allInnerTexts();
    result.awaitingTotal = await text(page, '#awaiting-total');
    await page.emulateMedia({ media: 'print' });
    await shot(page, '07-settlement-print');
    await page.emulateMedia({ media: 'screen' });
  }
  await shot(page, '06-agent-window-closed');
  const closes = context.requests.filter((r) => r.method === 'POST' && r.url.includes('/settlements'));
  check(closes.length === 1 && closes[0].headers['idempotency-key'], 'Closing the window did not send one POST with an Idempotency-Key');

  // Sign out forgets the key.
  await page.locator('#sign-out').click();
  await page.locator('#sign-in').waitFor({ state: 'visible', timeout });
  check(await page.evaluate(() => sessionStorage.length === 0), 'Signing out left the key in sessionStorage');
  checkRequests(context, [input.agentKey, input.otherAgentKey]);
}

// ---------------------------------------------------------------------------------------------------------------
async function operator(context) {
  const page = await context.newPage();
  await signIn(page, input.operatorKey);
  await page.locator('#operator').waitFor({ state: 'visible', timeout });
  await until(page, 'the cluster', () => document.querySelector('#active-silos')?.textContent);
  result.activeSilos = Number(await text(page, '#active-silos'));
  result.siloRows = await page.locator('#cluster table').first().locator('tbody tr').count();
  result.grainTypes = await page.locator('#cluster table').nth(1).locator('tbody td:first-child').allInnerTexts();
  await until(page, 'the ledger audit', () => document.querySelector('#audit-verdict')?.dataset.balanced);
  result.auditBalanced = await page.locator('#audit-verdict').getAttribute('data-balanced');
  result.auditTotal = await text(page, '#audit-total');
  result.accounts = await page.locator('#audit table tbody tr').count();
  // Every other panel settles: loaded, "no data" or "not available yet", never an error.
  result.panels = {};
  for (const panel of ['payment-rate', 'stuck', 'kpi', 'reconciliation']) {
    result.panels[panel] = await until(page, `the ${panel} panel`, (id) => {
      const states = [...document.querySelectorAll(`#${id} [data-state]`)].map((e) => e.dataset.state);
      return states.length > 0 ? states.join(',') : null;
    }, panel);
  }
  // /metrics and the stuck-payments list take no input: they load, or say "no data" / "not available yet". The
  // agencies' and a day's figures depend on what the server accepts for that code or date, so any answer it gives
  // (including its own error) must be shown, one block per agency.
  for (const panel of ['payment-rate', 'stuck']) {
    check(!result.panels[panel].split(',').includes('error'), `The ${panel} panel shows an error: ${await text(page, `#${panel}`)}`);
  }
  check(!result.panels.kpi.split(',').includes('error'), `The service-quality panel shows an error: ${await text(page, '#kpi')}`);
  const codes = await page.locator('#kpi-agency option').allInnerTexts();
  check(codes.length > 0, 'No agency codes were offered from the procedure catalogue');
  result.panelTexts = { kpi: await text(page, '#kpi'), reconciliation: await text(page, '#reconciliation') };
  await shot(page, '01-operator');
  await page.setViewportSize({ width: 375, height: 812 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `The operator view is ${overflow}px wider than a 375px phone screen`);
  await shot(page, '02-operator-phone');
  checkRequests(context, [input.operatorKey]);
}

// ---------------------------------------------------------------------------------------------------------------
// The answers other issues are building, in the shapes announced for them, served to the page by the browser itself
// (page.route), so the console's rendering of them is checked before those routes exist; and a lost answer to a
// collection, retried with the same Idempotency-Key.
async function contracts(context) {
  const page = await context.newPage();
  const json = (status, body) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });

  await page.route('**/v1/reconciliation/*', (route) => route.fulfill(json(200, input.reconciliation)));
  await page.route('**/v1/payments?status=processing', (route) => route.fulfill(json(200, input.stuck)));
  let scrape = 0;
  await page.route('**/metrics', (route) => route.fulfill({
    status: 200, contentType: 'text/plain; version=0.0.4', body: input.metrics[Math.min(scrape++, input.metrics.length - 1)],
  }));
  await signIn(page, input.operatorKey);
  await until(page, 'the reconciliation', () => document.querySelector('#discrepancy-count')?.textContent);
  result.discrepancyCount = await text(page, '#discrepancy-count');
  result.discrepancyRows = await page.locator('#reconciliation tbody tr').count();
  result.discrepancyAmounts = await page.locator('#reconciliation tbody tr').first().locator('td.num').allInnerTexts();
  result.stuckRows = await page.locator('#stuck tbody tr').count();
  result.stuckText = await text(page, '#stuck');
  await until(page, 'the payment counts', () => document.querySelector('#payment-rate table'));
  await page.locator('#refresh-operator').click();
  await until(page, 'a payment rate', () => !document.querySelector('#payment-rate').textContent.includes('—')
    && !document.querySelector('#payment-rate .hint'));
  result.rateRows = await page.locator('#payment-rate tbody tr').evaluateAll((rows) => rows.map((r) =>
    [...r.querySelectorAll('td')].map((td) => td.textContent)));
  await shot(page, '01-operator-announced-shapes');
  await page.locator('#sign-out').click();

  // Agent: the first collection's answer is lost; pressing again sends the same key; the server collects once.
  const agentPage = await context.newPage();
  await agentPage.route('**/v1/channels/*/settlements', (route) => route.fulfill(json(201, input.settlement)));
  let aborted = false;
  await agentPage.route('**/v1/channels/*/collections', async (route) => {
    if (!aborted) {
      aborted = true;
      // The request reaches the server, whose answer is then lost on the way back.
      const response = await route.fetch();
      result.firstAttemptStatus = response.status();
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });
  await signIn(agentPage, input.agentKey);
  await agentPage.locator('#agent').waitFor({ state: 'visible', timeout });
  await lookUp(agentPage, input.retryReference);
  await agentPage.locator('#receipt-number').fill(input.receiptNumber);
  await agentPage.locator('#confirm-button').click();
  await until(agentPage, 'the unknown outcome', () => document.querySelector('#confirm-message.warn')?.textContent);
  result.unknownOutcomeMessage = await text(agentPage, '#confirm-message');
  await agentPage.locator('#confirm-button').click();
  await until(agentPage, 'the confirmation', () => document.querySelector('#confirm-message.ok')?.textContent);
  const posts = context.requests.filter((r) => r.method === 'POST' && r.url.includes('/collections'));
  result.collectionKeys = posts.map((p) => p.headers['idempotency-key']);
  await shot(agentPage, '02-agent-retried');

  // The settlement summary in the announced shape, and its print layout.
  await agentPage.locator('#close-window').click();
  await agentPage.locator('#remittance-reference').fill('UNC-MOCK-1');
  await agentPage.locator('#close-yes').click();
  await agentPage.locator('#settlement').waitFor({ state: 'visible', timeout });
  result.summaryTotal = await text(agentPage, '#settlement-total');
  result.summaryCount = await text(agentPage, '#settlement-count');
  result.summaryStatus = await text(agentPage, '#settlement-status');
  result.summaryRemittance = await text(agentPage, '#settlement-remittance');
  result.summaryRows = await agentPage.locator('#settlement-collections tbody tr').evaluateAll((rows) => rows.map((r) =>
    [...r.querySelectorAll('td')].map((td) => td.textContent)));
  await agentPage.emulateMedia({ media: 'print' });
  result.printHidesCollect = !(await agentPage.locator('#collect-title').isVisible());
  result.printShowsSummary = await agentPage.locator('#settlement-total').isVisible();
  await shot(agentPage, '03-settlement-print');
  await agentPage.emulateMedia({ media: 'screen' });

  // A 404 from the settlement route reads "not available yet".
  await agentPage.unroute('**/v1/channels/*/settlements');
  await agentPage.route('**/v1/channels/*/settlements', (route) => route.fulfill({
    status: 404, contentType: 'application/problem+json', body: JSON.stringify({ status: 404, title: 'Not found', code: 'not_found' }),
  }));
  await agentPage.locator('#close-window').click();
  await agentPage.locator('#remittance-reference').fill('UNC-MOCK-1');
  await agentPage.locator('#close-yes').click();
  await until(agentPage, 'not available yet', () => document.querySelector('#close-message.warn')?.textContent);
  result.settlement404Message = await text(agentPage, '#close-message');

  // The formatting helpers, as the page loads them.
  result.helpers = await agentPage.evaluate(async () => {
    const format = await import('/console/js/format.js');
    return {
      vnd: format.formatVnd(1250000),
      names: ['Nguyễn Văn An', 'Lê Thị Ánh Tuyết', 'Nguye\u0302\u0303n Văn An', 'An'].map(format.maskName),
    };
  });
  checkRequests(context, [input.agentKey, input.operatorKey]);
}


// ---------------------------------------------------------------------------------------------------------------
// The operator's service-quality board against the live API: the charts' own data (Chart.getChart(canvas).data), not
// just canvases; no null, undefined or raw field name anywhere on the page; Vietnamese first, English on the switch.
async function kpi(context) {
  const page = await context.newPage();
  await signIn(page, input.operatorKey);
  await page.locator('#operator').waitFor({ state: 'visible', timeout });
  await until(page, 'the board', () => document.querySelector('#kpi [data-state="loaded"]'));
  await page.locator('#kpi-agency').selectOption(input.agency);
  await until(page, `the charts of ${input.agency}`, (agency) =>
    document.querySelector('.kpi-agency')?.textContent.endsWith(agency)
    && ['kpi-ranking-chart', 'kpi-trend-chart', 'kpi-online-chart', 'kpi-ratings-chart'].every((id) => {
      const canvas = document.getElementById(id);
      return canvas && Chart.getChart(canvas) && canvas.width > 0;
    }), input.agency);
  result.charts = await page.evaluate(() => Object.fromEntries(
    ['kpi-ranking-chart', 'kpi-trend-chart', 'kpi-online-chart', 'kpi-ratings-chart'].map((id) => {
      const chart = Chart.getChart(document.getElementById(id));
      return [id, { type: chart.config.type, labels: chart.data.labels, data: chart.data.datasets[0].data,
        drawn: chart.getDatasetMeta(0).data.length }];
    })));
  result.month = await page.locator('#kpi-month').inputValue();
  result.tiles = await page.locator('.kpi-tile').allInnerTexts();
  await shot(page, '01-kpi-board');

  // Nothing reads null, undefined or as a field name, anywhere on the operator's page.
  const visible = await page.evaluate(() => document.body.innerText);
  result.visibleText = visible;
  for (const word of ['null', 'undefined', 'NaN', '[object Object]']) {
    check(!new RegExp(`(^|[^\\p{L}])${word.replace(/[[\]]/g, '\\$&')}([^\\p{L}]|$)`, 'u').test(visible), `The page shows "${word}"`);
  }
  result.camelCaseWords = visible.match(/(?<![\p{L}\d])\p{Ll}+(?:\p{Lu}[\p{Ll}\d]*)+(?![\p{L}\d])/gu) ?? [];
  for (const field of input.fieldNames) {
    check(!visible.includes(field), `The page shows the field name ${field}`);
  }

  // English on the switch; the charts are drawn again with English labels.
  await page.locator('#lang').click();
  await until(page, 'English captions', () => document.querySelector('#kpi-title').textContent.startsWith('Service quality'));
  await until(page, 'English chart labels', () => {
    const chart = Chart.getChart(document.getElementById('kpi-online-chart'));
    return chart && chart.data.labels[0] === 'Online';
  });
  result.englishTiles = await page.locator('.kpi-tile h4').allInnerTexts();
  await shot(page, '02-kpi-board-english');
  await page.locator('#lang').click();
  await until(page, 'Vietnamese captions', () => document.querySelector('#kpi-title').textContent.startsWith('Chất lượng'));

  // A phone: nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 812 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `The board is ${overflow}px wider than a 375px phone screen`);
  await shot(page, '03-kpi-board-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  // The overdue list, served by the browser (no dossier is overdue in a fresh run): oldest first, each opening its dossier.
  await page.route('**/v1/kpi/agencies/*', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.overdueDossiers = input.overdue;
    await route.fulfill({ response, json: body });
  });
  await page.route('**/v1/dossiers/*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(input.overdueDossier) }));
  await page.locator('#kpi-form button[type="submit"]').click();
  await until(page, 'the overdue list', () => document.querySelectorAll('#kpi a.dossier-link').length > 0);
  result.overdueRows = await page.locator('.kpi-overdue tbody tr').evaluateAll((rows) => rows.map((r) =>
    [...r.querySelectorAll('td')].map((td) => td.textContent)));
  result.overdueHrefs = await page.locator('#kpi a.dossier-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  await page.locator('#kpi a.dossier-link').first().click();
  await until(page, 'the dossier', () => document.querySelector('#kpi-dossier .dossier-card'));
  result.dossierCard = await text(page, '#kpi-dossier .dossier-card');
  await shot(page, '04-kpi-overdue-dossier');
  checkRequests(context, [input.operatorKey]);
}

// ---------------------------------------------------------------------------------------------------------------
// An operator lists a channel's settlements awaiting receipt and confirms one.
async function receipts(context) {
  const page = await context.newPage();
  await signIn(page, input.operatorKey);
  await page.locator('#operator').waitFor({ state: 'visible', timeout });
  await page.locator('#receipts-channel').fill(input.channelId);
  await page.locator('#receipts-form button[type=submit]').click();
  const button = page.locator(`#receipts button[data-settlement="${input.settlementId}"]`);
  await button.waitFor({ state: 'visible', timeout });
  result.listedRow = await page.locator(`#receipts tr:has(button[data-settlement="${input.settlementId}"]) td`).allInnerTexts();
  await shot(page, '01-receipts-awaiting');
  await button.click();
  result.confirmedMessage = await until(page, 'the confirmation', () => document.querySelector('#receipts-message.ok')?.textContent);
  await until(page, 'the list without it', (id) => !document.querySelector(`#receipts button[data-settlement="${id}"]`), input.settlementId);
  await shot(page, '02-receipts-confirmed');
  const confirms = context.requests.filter((r) => r.method === 'POST' && r.url.includes('/confirm'));
  check(confirms.length === 1 && confirms[0].headers['idempotency-key'], 'Confirming did not send one POST with an Idempotency-Key');
  checkRequests(context, [input.operatorKey]);
}

const scenarios = { agent, operator, contracts, kpi, receipts };
let browser;
try {
  check(scenarios[scenario], `Unknown scenario '${scenario}'`);
  browser = await launch();
  await scenarios[scenario](browser);
  console.log(`RESULT ${JSON.stringify(result)}`);
  await browser.close();
  process.exit(0);
} catch (error) {
  console.error(`Scenario ${scenario} failed: ${error.stack ?? error}`);
  try {
    for (const [i, page] of (browser?.pages() ?? []).entries()) {
      await page.screenshot({ path: join(artifacts, `failure-${i}.png`), fullPage: true });
    }
  } catch {
    // The failure itself is what matters.
  }
  await browser?.close().catch(() => {});
  process.exit(1);
}
