// All cores in the browser (issue 11): the replications spread over a pool of web
// workers, and the numbers do not depend on how many there are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, watch, linkOf, savedWorkbench } from './harness.mjs';

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

/** Every chart's CSV and the number of workers the page started, at `?workers=n`. */
async function csvsWith(workers, link) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  try {
    const page = await ctx.newPage();
    const problems = watch(page);
    // Count the workers the page starts.
    await page.addInitScript(() => {
      const Real = window.Worker;
      window.__workers = 0;
      window.Worker = class extends Real {
        constructor(...args) {
          super(...args);
          window.__workers += 1;
        }
      };
    });
    await page.goto(`${site.url}?workers=${workers}#${link}`);
    await page.waitForSelector('.runbar[data-run="current"]', { timeout: 120_000 });
    const started = await page.evaluate(() => window.__workers);
    // Chromium lets a page download ten files without asking: ten charts.
    const ids = (await page.$$eval('button[id^="csv-"]:not([disabled])', (bs) => bs.map((b) => b.id))).slice(0, 10);
    const csvs = {};
    for (const id of ids) {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#${id}`)]);
      const chunks = await (await file.createReadStream()).toArray();
      csvs[id] = Buffer.concat(chunks).toString();
    }
    assert.deepEqual(problems, []);
    return { started, csvs };
  } finally {
    await ctx.close();
  }
}

test('one worker and three give the same numbers in every chart', { timeout: 300_000 }, async () => {
  // The first visit's scenarios, smaller, with enough replications to spread.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  const wb = await savedWorkbench(page);
  await ctx.close();
  for (const s of wb.scenarios) {
    s.customers = 1500;
    s.horizon_months = 36;
  }
  wb.replications = 12;
  const link = linkOf(wb);

  const one = await csvsWith(1, link);
  const three = await csvsWith(3, link);
  assert.equal(one.started, 1);
  assert.equal(three.started, 3);
  const charts = Object.keys(one.csvs);
  assert.ok(charts.length >= 5, `charts with data: ${charts}`);
  assert.deepEqual(Object.keys(three.csvs), charts);
  for (const id of charts) {
    assert.ok(one.csvs[id].split('\n').length > 30, `${id} has a row per month`);
    assert.equal(three.csvs[id], one.csvs[id], `${id}: the same with 1 and 3 workers`);
  }
});
