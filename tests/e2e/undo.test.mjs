// Editing that keeps work (issue 10): loading an example over the scenarios can be
// undone from the notice or with Ctrl+Z, and a reload before undoing loses nothing;
// lever edits are undone and redone one at a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, watch, waitFor } from './harness.mjs';

let browser;
let site;
before(async () => {
  browser = await launchBrowser();
  site = await startSite('/fideliza/');
});
after(async () => {
  await browser?.close();
  await site?.close();
});

const tabs = (page) => page.locator('.tab').allTextContents();

test('loading an example can be undone, and a reload before undoing loses nothing', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.tab');
  const mine = await tabs(page);
  const load = async () => {
    await page.selectOption('#preset', 'reactive-vs-proactive');
    await page.click('#load-preset');
    await waitFor(() => tabs(page), (t) => t.join() !== mine.join());
  };
  await load();
  assert.ok((await tabs(page)).some((t) => t.includes('Proactive')));
  await page.waitForSelector('#undo');
  await page.click('#undo');
  assert.deepEqual(await waitFor(() => tabs(page), (t) => t.join() === mine.join()), mine);

  // Ctrl+Z does the same.
  await load();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  assert.deepEqual(await waitFor(() => tabs(page), (t) => t.join() === mine.join()), mine);

  // Reloading while the undo is offered: the saved work is still the work before.
  await load();
  await page.waitForTimeout(500);
  await page.reload();
  await page.waitForSelector('.tab');
  assert.deepEqual(await tabs(page), mine);
  assert.deepEqual(problems, []);
  await context.close();
});

test('lever edits are undone and redone one at a time, by key and by button', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  assert.ok(await page.isDisabled('#undo-edit'), 'nothing to undo yet');
  const price = '#lever-market-focal-price';
  await page.evaluate(() => {
    for (const sel of ['#lever-market-focal-price', '#lever-customers']) document.querySelector(sel).closest('details').open = true;
  });
  const before = await page.inputValue(price);
  await page.fill(price, '35');
  await page.press(price, 'Enter');
  await page.fill('#lever-customers', '9000');
  await page.press('#lever-customers', 'Enter');
  await waitFor(() => page.isEnabled('#undo-edit'), (v) => v);
  // Ctrl+Z in a text field undoes typing there; outside, the last change.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await waitFor(() => page.inputValue('#lever-customers'), (v) => v !== '9,000');
  assert.equal(await page.inputValue(price), '35.00');
  await page.click('#undo-edit');
  assert.equal(await waitFor(() => page.inputValue(price), (v) => v === before), before);
  assert.ok(await page.isDisabled('#undo-edit'));
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Shift+z');
  assert.equal(await waitFor(() => page.inputValue(price), (v) => v === '35.00'), '35.00');
  await page.click('#redo-edit');
  assert.equal(await waitFor(() => page.inputValue('#lever-customers'), (v) => v === '9,000'), '9,000');
  assert.ok(await page.isDisabled('#redo-edit'));
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('competitors and outages are added and removed in the editor, and a removal can be undone', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  const saved = () =>
    page.evaluate(() => JSON.parse(localStorage.getItem('fideliza.workbench.v1')).workbench.scenarios);
  const rivals = async () => (await saved()).map((s) => s.market.competitors.map((c) => c.name));
  const before = await rivals();
  const open = (button) =>
    page.evaluate((b) => (document.querySelector(b).closest('details').open = true), button);
  await open('#add-competitor');
  await page.click('#add-competitor');
  const added = await waitFor(rivals, (r) => r[0].length === before[0].length + 1);
  assert.ok(added.every((r) => r.length === before[0].length + 1), JSON.stringify(added));
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  await page.click('#remove-competitor-0');
  await page.waitForSelector('#undo');
  await page.click('#undo');
  assert.deepEqual(await waitFor(rivals, (r) => r[0].length === added[0].length), added);
  // An outage in B only.
  await page.click('#tab-1');
  await open('#add-outage');
  await page.click('#add-outage');
  const outages = await waitFor(
    async () => (await saved()).map((s) => s.communication.outages.length),
    (o) => o[1] === 1,
  );
  assert.deepEqual(outages, [0, 1]);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the paired difference of any series reads its band and how often B is above A', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  const plot = page.locator('.chart-difference .plot');
  await plot.scrollIntoViewIfNeeded();
  await plot.focus();
  await page.keyboard.press('End');
  const margin = await page.innerText('.chart-difference .readout');
  assert.match(margin, /\(median; 5-95% band: .+ to .+\); above A in \d+% of replications/);
  await page.selectOption('#difference-series', 'active_customers');
  await page.waitForFunction(() =>
    /Active customers/.test(document.querySelector('.chart-difference h3, .chart-difference')?.textContent ?? ''),
  );
  await plot.focus();
  await page.keyboard.press('End');
  const active = await page.innerText('.chart-difference .readout');
  assert.notEqual(active, margin);
  assert.match(active, /above A in \d+% of replications/);
  // The choice is part of the work (saved, and in links).
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('fideliza.workbench.v1')).workbench.view.compared);
  assert.equal(saved, 'active_customers');

  // Any baseline: A minus B is B minus A turned over, and the share above flips.
  const numbers = (text) => [...text.matchAll(/-?[\d,]+(?:\.\d+)?%?/g)].map((m) => m[0]);
  await page.selectOption('#difference-baseline', '1');
  await page.waitForFunction(() => /above B in/.test(document.querySelector('.chart-difference .readout')?.textContent ?? '')
    || document.activeElement !== null);
  await plot.focus();
  await page.keyboard.press('End');
  const turned = await page.innerText('.chart-difference .readout');
  assert.match(turned, /above B in \d+% of replications/, turned);
  const [before, after] = [active, turned].map((t) => t.split(': ').slice(1).join(': '));
  const value = (t) => Number(t.replace(/[^\d.-]/g, ''));
  const median = (t) => value(t.split(' (')[0].split(' ').pop());
  console.log(`difference at the horizon: ${before} / against B: ${after}`);
  assert.equal(median(after), -median(before), `${before} / ${after}`);
  const share = (t) => Number(t.match(/above [AB] in (\d+)%/)[1]);
  assert.ok(share(after) <= 100 - share(before), `${before} / ${after}`);
  const baseline = await page.evaluate(() => JSON.parse(localStorage.getItem('fideliza.workbench.v1')).workbench.view.baseline);
  assert.equal(baseline, 1);
  assert.deepEqual(problems, []);
  await context.close();
});
