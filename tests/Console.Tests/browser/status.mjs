// Drives the citizens' status page (/s/{token}) in Debian's headless chromium at phone width, through playwright-core.
// Started by StatusPageBrowserTests with a scenario name and a JSON input in MOTCUA_CONSOLE_INPUT; prints one line
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
  if (!condition) throw new Error(message);
}

async function shot(page, name) {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  result.screenshots.push(path);
}

async function until(page, description, fn, arg) {
  try {
    const handle = await page.waitForFunction(fn, arg, { timeout });
    return await handle.jsonValue();
  } catch (error) {
    throw new Error(`Timed out waiting for ${description}: ${error.message.split('\n')[0]}`);
  }
}

const text = (page, selector) => page.locator(selector).innerText();

async function citizen() {
  const context = await chromium.launchPersistentContext(input.userDataDir, {
    executablePath: input.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    timeout: 30_000,
  });
  const errors = [];
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  context.on('page', (p) => p.on('pageerror', (e) => errors.push(String(e))));
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    // The citizen opens the link from the slip's QR.
    await page.goto(input.pageUrl);
    await until(page, 'the status', () => document.querySelector('#status')?.textContent);
    check(await text(page, '#status') === 'Chờ thanh toán phí, lệ phí', `status: ${await text(page, '#status')}`);
    check(await text(page, '#code') === input.dossierCode, `code: ${await text(page, '#code')}`);
    check(await text(page, '#due') === input.expectedDue, `due: ${await text(page, '#due')} (expected ${input.expectedDue})`);
    check(await text(page, '#applicant') === input.expectedMaskedName, `applicant: ${await text(page, '#applicant')}`);
    check((await text(page, '#amount-due')).replace(/\s/g, ' ') === input.expectedAmount.replace(/\s/g, ' '),
      `amount due: ${await text(page, '#amount-due')} (expected ${input.expectedAmount})`);
    check(await text(page, '#cash-reference') === input.reference, `cash reference: ${await text(page, '#cash-reference')}`);
    await until(page, 'the VietQR image', () => {
      const img = document.querySelector('#vietqr');
      return img && img.complete && img.naturalWidth > 0;
    });
    check(!(await page.content()).includes(input.citizenId), 'The page shows the citizen id.');
    await shot(page, '1-fee-due-vi');
    result.vietQrPng = await page.evaluate(async () => {
      const bytes = new Uint8Array(await (await fetch(document.querySelector('#vietqr').src)).arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return btoa(binary);
    });

    // English on a tap, and back.
    await page.click('#lang');
    await until(page, 'English', () => document.documentElement.lang === 'en');
    check(await text(page, '#status') === 'Awaiting payment of fees', `English status: ${await text(page, '#status')}`);
    await shot(page, '2-fee-due-en');
    await page.click('#lang');
    await until(page, 'Vietnamese', () => document.documentElement.lang === 'vi');

    // An agent collects the cash at the counter; the citizen reloads until the fee reads paid.
    const collected = await fetch(new URL(`/v1/channels/${encodeURIComponent(input.channelId)}/collections`, base), {
      method: 'POST',
      headers: { Authorization: `Bearer ${input.agentKey}`, 'Idempotency-Key': `status-page-${input.reference}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reference: input.reference, amount: input.amount, receiptNumber: input.receiptNumber }),
    });
    check(collected.status === 201, `collection: ${collected.status} ${await collected.text()}`);
    const deadline = Date.now() + timeout;
    for (;;) {
      await page.reload();
      await until(page, 'the status after reload', () => document.querySelector('#status')?.textContent);
      if (await text(page, '#status') === 'Đang xử lý') break;
      check(Date.now() < deadline, `Still "${await text(page, '#status')}" after the cash was collected.`);
      await page.waitForTimeout(250);
    }
    check((await text(page, '#fees')).includes('Đã nộp'), `fees: ${await text(page, '#fees')}`);
    check(await page.locator('#vietqr').count() === 0, 'The VietQR is still shown after the fee was paid.');
    check(await page.locator('#cash-reference').count() === 0, 'The cash reference is still shown after the fee was paid.');
    await shot(page, '3-fee-paid-processing');

    for (const url of requests) {
      check(new URL(url).origin === base.origin || url.startsWith('data:'), `The page called something outside MotCua: ${url}`);
    }
    check(errors.length === 0, `Script errors on the page: ${errors.join('; ')}`);
  } catch (error) {
    await shot(page, 'failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

try {
  if (scenario !== 'citizen-status') throw new Error(`Unknown scenario '${scenario}'.`);
  await citizen();
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
} catch (error) {
  console.error(error.stack ?? String(error));
  process.exit(1);
}
