// Drives the console's officer view (issue 20) in Debian's headless chromium through playwright-core: the agency's list,
// one dossier, its receipt slip (downloaded as the officer's browser saves it), its status link and a reissue.
// Started by OfficerBrowserTests with a scenario name and a JSON input in MOTCUA_CONSOLE_INPUT; prints one line
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

async function shot(page, name) {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
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

async function launch() {
  const context = await chromium.launchPersistentContext(input.userDataDir, {
    executablePath: input.chromium,
    headless: true,
    acceptDownloads: true,
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

function checkRequests(context, key) {
  for (const request of context.requests) {
    const url = new URL(request.url);
    check(url.origin === base.origin || url.protocol === 'data:',
      `The page called something outside MotCua: ${request.method} ${request.url}`);
    check(!decodeURIComponent(request.url).includes(key), `An API key appeared in a URL: ${request.url}`);
  }
  check(context.consoleErrors.length === 0, `Script errors on the page: ${context.consoleErrors.join('; ')}`);
}

async function signIn(page, key) {
  await page.goto(new URL('/console/', base).href);
  await page.locator('#api-key').fill(key);
  await page.locator('#sign-in-button').click();
  await page.locator('#officer').waitFor({ state: 'visible', timeout });
  check(!page.url().includes(key), 'The key appeared in the page URL');
}

/** Does `action`, then waits for the list's answer to it and for the page to draw it; returns the rows' cells. */
async function listAfter(page, action) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/dossiers', { timeout }),
    action(),
  ]);
  check(response.status() === 200, `The list answered ${response.status()}: ${await response.text()}`);
  const query = new URL(response.url()).search.slice(1);
  await until(page, `the list for ${query}`, (q) => document.querySelector('#officer-list').dataset.query === q
    && document.querySelector('#officer-total'), query);
  return page.locator('#officer-list tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
}

/** The list for the status chosen, page by page (Trang sau) until the dossier's row shows; returns that row. */
async function findInList(page, code, status) {
  let rows = await listAfter(page, () => page.locator('#officer-status').selectOption(status));
  for (let pageNumber = 1; ; pageNumber += 1) {
    result.listStatuses = [...new Set([...(result.listStatuses ?? []), ...rows.map((r) => r[1])])];
    const row = rows.find((r) => r[0] === code);
    if (row) {
      result.pageFound = pageNumber;
      return row;
    }
    check(await page.locator('#officer-next').isVisible(), `Dossier ${code} is on no page of the list (${pageNumber} pages)`);
    check(pageNumber < 50, 'The list has more than 50 pages');
    rows = await listAfter(page, () => page.locator('#officer-next').click());
  }
}

// ---------------------------------------------------------------------------------------------------------------
async function officer(context) {
  const page = await context.newPage();
  await signIn(page, input.officerKey);
  check(await text(page, '#officer-agency') === input.agency, `Agency shown: ${await text(page, '#officer-agency')}`);
  result.who = await text(page, '#who');
  check(!(await page.locator('#other-role').isVisible()), 'The officer landed on the "other role" card');

  // The agency's submitted dossiers: this one is among them, every row reading "Mới tiếp nhận".
  result.row = await findInList(page, input.dossierCode, 'submitted');
  result.total = Number(await page.locator('#officer-total').getAttribute('data-total'));
  const listed = context.requests.filter((r) => r.method === 'GET' && new URL(r.url).pathname === '/v1/dossiers');
  result.listQueries = listed.map((r) => new URL(r.url).search);
  await shot(page, '01-officer-list');

  // Open it from the list.
  await page.locator(`#officer-list a.dossier-link[data-code="${input.dossierCode}"]`).click();
  await until(page, 'the dossier', (code) => document.querySelector('#officer-dossier:not([hidden])')?.dataset.code === code, input.dossierCode);
  await until(page, 'the status link', () => document.querySelector('#status-link-url').value);
  await until(page, 'the procedure\'s name', (name) => document.querySelector('#officer-dossier-facts').textContent.includes(name), input.procedureName);
  result.dossierStatus = await text(page, '#officer-dossier-status');
  result.dossierFacts = await text(page, '#officer-dossier-facts');
  result.dossierTitle = await text(page, '#officer-dossier-title');
  await shot(page, '02-officer-dossier');

  // Print the slip: the PDF comes with the bearer key and is saved from a blob URL.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), page.locator('#slip-print').click()]);
  result.slipPath = join(artifacts, `slip-${input.dossierCode}.pdf`);
  await download.saveAs(result.slipPath);
  result.slipFileName = download.suggestedFilename();
  result.slipUrlScheme = new URL(download.url()).protocol;
  await until(page, 'the slip message', () => document.querySelector('#slip-message.ok')?.textContent);
  result.slipMessage = await text(page, '#slip-message');
  const slipRequests = context.requests.filter((r) => r.url.endsWith(`/v1/dossiers/${input.dossierCode}/receipt.pdf`));
  check(slipRequests.length === 1, `${slipRequests.length} requests for the slip`);
  check(slipRequests[0].headers.authorization === `Bearer ${input.officerKey}`, 'The slip was not fetched with the bearer key');
  check(await page.locator('#slip-file').isVisible(), 'No link to download the slip again');
  await shot(page, '03-slip-printed');

  // The status link as the officer copies it, and the page it opens.
  result.linkBefore = await page.locator('#status-link-url').inputValue();
  check(await page.locator('#status-link-open').getAttribute('href') === result.linkBefore, 'The open link is not the link shown');
  const [statusPage] = await Promise.all([context.waitForEvent('page', { timeout }), page.locator('#status-link-open').click()]);
  await until(statusPage, 'the status page', () => document.querySelector('#code')?.textContent);
  result.statusPageCode = await text(statusPage, '#code');
  result.statusPageStatus = await text(statusPage, '#status');
  await shot(statusPage, '04-status-page');
  await statusPage.close();

  // Reissue, confirmed: a new link; the old one opens nothing.
  await page.locator('#reissue-link').click();
  await page.locator('#reissue-confirm').waitFor({ state: 'visible', timeout });
  result.reissueQuestion = await text(page, '#reissue-question');
  await shot(page, '05-reissue-confirm');
  await page.locator('#reissue-yes').click();
  await until(page, 'the new link', () => document.querySelector('#link-message.ok')?.textContent);
  result.reissueMessage = await text(page, '#link-message');
  result.linkAfter = await page.locator('#status-link-url').inputValue();
  check(await page.locator('#status-link-open').getAttribute('href') === result.linkAfter, 'The open link did not follow the new link');
  check(!(await page.locator('#reissue-confirm').isVisible()), 'The confirmation stayed open');
  check(!(await page.locator('#slip-file').isVisible()), 'The old slip (with the revoked QR) is still offered for download');
  const reissues = context.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/status-link/reissue'));
  check(reissues.length === 1, `${reissues.length} reissue requests`);
  result.reissueIdempotencyKey = reissues[0].headers['idempotency-key'] ?? null;
  await shot(page, '06-reissued');

  const oldPage = await context.newPage();
  const [oldAnswer] = await Promise.all([
    oldPage.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/v1/public/status/'), { timeout }),
    oldPage.goto(result.linkBefore),
  ]);
  result.oldLinkStatus = oldAnswer.status();
  await until(oldPage, 'the old link\'s answer', () => document.querySelector('#error')?.textContent);
  result.oldLinkMessage = await text(oldPage, '#error');
  await shot(oldPage, '07-old-link-not-found');
  await oldPage.goto(result.linkAfter);
  await until(oldPage, 'the new link\'s page', () => document.querySelector('#code')?.textContent);
  result.newLinkCode = await text(oldPage, '#code');
  await oldPage.close();

  // Another dossier, typed by code (lower case: the page normalizes it): its fees and payments, and nothing of the first.
  await page.locator('#officer-code').fill(input.feeDossierCode.toLowerCase());
  await page.locator('#officer-open-button').click();
  await until(page, 'the second dossier', (code) => document.querySelector('#officer-dossier').dataset.code === code, input.feeDossierCode);
  await until(page, 'the second dossier\'s link', (old) => {
    const value = document.querySelector('#status-link-url').value;
    return value && value !== old;
  }, result.linkAfter);
  const cells = (selector) => page.locator(selector).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  result.feeRows = await cells('#officer-dossier-facts table >> nth=0 >> tbody tr');
  result.paymentRows = await cells('#officer-dossier-facts table >> nth=1 >> tbody tr');
  result.feeDossierStatus = await text(page, '#officer-dossier-status');
  result.feeDossierDue = await text(page, '#officer-dossier-due');
  result.feeDossierLink = await page.locator('#status-link-url').inputValue();
  result.staleSlipOffered = await page.locator('#slip-file').isVisible();
  result.staleLinkMessage = await page.locator('#link-message').innerText();
  await shot(page, '08-fee-dossier');

  // English on the switch.
  await page.locator('#lang').click();
  await until(page, 'English labels', () => document.querySelector('#slip-print').textContent === 'Print receipt slip');
  result.englishStatus = await text(page, '#officer-dossier-status');
  result.englishTitle = await text(page, '#officer-list-title');
  await page.locator('#lang').click();
  await until(page, 'Vietnamese labels', () => document.querySelector('#slip-print').textContent === 'In giấy tiếp nhận');

  // A phone: nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 812 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `The officer view is ${overflow}px wider than a 375px phone screen`);
  await shot(page, '09-officer-phone');
  checkRequests(context, input.officerKey);
}

// ---------------------------------------------------------------------------------------------------------------
async function otherAgency(context) {
  const page = await context.newPage();
  await signIn(page, input.officerKey);
  check(await text(page, '#officer-agency') === input.agency, `Agency shown: ${await text(page, '#officer-agency')}`);
  await until(page, 'the own agency\'s list', () => document.querySelector('#officer-list [data-state]')?.dataset.state);
  result.listState = await page.locator('#officer-list [data-state]').first().getAttribute('data-state');
  await page.locator('#officer-code').fill(input.dossierCode.toLowerCase());
  await page.locator('#officer-open-button').click();
  await until(page, 'the refusal', () => document.querySelector('#officer-open-message.error')?.textContent);
  result.openStatus = await page.locator('#officer-open-message').getAttribute('data-status');
  result.openMessage = await text(page, '#officer-open-message .problem-text');
  result.dossierShown = await page.locator('#officer-dossier').isVisible();
  result.slipRequests = context.requests.filter((r) => r.url.includes('/receipt.pdf') || r.url.includes('/status-link')).length;
  await shot(page, '01-other-agency-refused');
  checkRequests(context, input.officerKey);
}

const scenarios = { officer, 'officer-other-agency': otherAgency };
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
