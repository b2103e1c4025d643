// The release build, end to end, in headless Chromium, served under /fideliza/ as
// GitHub Pages serves a project site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSite, launchBrowser, watch, canvasInk, waitFor, screenshot } from './harness.mjs';

const RETENTION = '#chart-retention';
const CHURN = '#chart-churn';
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

/** Waits until the run bar says the charts show the current scenarios. */
async function resultsCurrent(page, timeout = 60_000) {
  await page.waitForSelector('.runbar[data-run="current"]', { timeout });
}

/** A fresh browser context (fresh storage) opened at `url`, with charts drawn. */
async function open(url, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'en-GB',
    ...options,
  });
  const page = await context.newPage();
  const problems = watch(page);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector(RETENTION, { timeout: 20_000 });
    await resultsCurrent(page);
  } catch (err) {
    await context.close();
    throw new Error(`${err.message}\nproblems seen: ${JSON.stringify(problems, null, 1)}`);
  }
  return { context, page, problems };
}

const drawn = (page, selector = RETENTION) =>
  waitFor(() => canvasInk(page, selector), (ink) => ink && ink.colour > 200);

test('loads under the subpath with no errors and draws every chart', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open(site.url);
  try {
    const ink = await drawn(page);
    assert.ok(ink.ink / ink.pixels > 0.01, `retention chart looks blank: ${JSON.stringify(ink)}`);
    assert.ok(ink.colour > 200, 'scenario A line missing');
    for (const id of ['active', 'market-share', 'churn', 'states', 'satisfaction', 'money', 'flows', 'difference']) {
      await page.locator(`#chart-${id}`).scrollIntoViewIfNeeded();
      const c = await waitFor(() => canvasInk(page, `#chart-${id}`), (i) => i && i.ink / i.pixels > 0.01);
      assert.ok(c && c.ink / c.pixels > 0.01, `chart ${id} blank: ${JSON.stringify(c)}`);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'workbench-1366x768.png');
    const outside = site.requests.filter((p) => !p.startsWith('/fideliza/'));
    assert.deepEqual(outside, [], 'requests escaped the subpath');
    assert.deepEqual(problems, [], 'console errors or failed requests');
  } finally {
    await context.close();
  }
});

test('loading an example pair puts both scenarios in A and B with its explanation', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open(site.url);
  try {
    const before = (await drawn(page)).hash;
    await page.selectOption('#preset', 'reactive-vs-proactive');
    await page.click('#load-preset');
    await page.waitForFunction(() => document.querySelectorAll('.tab').length === 2);
    await resultsCurrent(page);
    const tabs = await page.locator('.tab').allTextContents();
    assert.ok(tabs[0].startsWith('A') && tabs[1].startsWith('B'), JSON.stringify(tabs));
    assert.match(await page.textContent('.about summary'), /outage|Outage|proactive|Proactive/);
    assert.equal(await page.locator('.about .edited').count(), 0, 'a fresh example called edited');
    assert.equal(await page.locator('.about .flip').count(), 1);
    const after = await waitFor(() => canvasInk(page, RETENTION), (i) => i.hash !== before);
    assert.notEqual(after.hash, before, 'charts did not change with the example');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('changing a lever re-runs and redraws; an absurd value is refused at the control', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open(site.url);
  try {
    const before = (await drawn(page)).hash;
    // Scenario B of the first example has the 24-month lock-in: shorten it to 12.
    await page.click('#tab-1');
    const term = page.locator('#lever-contract-term-months');
    await term.fill('12');
    await term.press('Enter');
    await page.waitForSelector('.runbar[data-run="running"], .runbar[data-run="stale"]', { timeout: 5_000 }).catch(() => {});
    await resultsCurrent(page);
    const after = await waitFor(() => canvasInk(page, RETENTION), (i) => i.hash !== before);
    assert.notEqual(after.hash, before, 'the retention chart did not change');
    // The example's paragraph now describes what was loaded, and says so; the lever
    // value that would flip the example is no longer offered.
    assert.match(await page.textContent('.about .edited'), /changed since the example was loaded/);
    assert.equal(await page.locator('.about .flip').count(), 0);

    const settled = after.hash;
    // The population panel starts closed: open it as a user would.
    await page.locator('details.group', { has: page.locator('#lever-customers') }).locator('summary').click();
    const customers = page.locator('#lever-customers');
    await customers.fill('999999999');
    await customers.press('Enter');
    await page.waitForSelector('#lever-customers-error');
    assert.match(await page.textContent('#lever-customers-error'), /2,000,000/);
    assert.equal(await customers.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getAttribute('.runbar', 'data-run'), 'current', 'no re-run for a refused value');
    assert.equal((await canvasInk(page, RETENTION)).hash, settled);

    // Segments: add one (to every scenario), then remove it again.
    const count = await page.locator('.segment').count();
    await page.click('#add-segment');
    await page.waitForFunction((n) => document.querySelectorAll('.segment').length === n + 1, count);
    await page.click('#tab-0');
    assert.equal(await page.locator('.segment').count(), count + 1, 'scenario A has the new segment too');
    await page.locator('.segment button').last().click();
    await page.waitForFunction((n) => document.querySelectorAll('.segment').length === n, count);
    await resultsCurrent(page);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('copy link, open it in a fresh page: the same scenarios and the same numbers', { timeout: 120_000 }, async () => {
  const first = await open(site.url);
  let second;
  try {
    // Make the work differ from the default first.
    await first.page.fill('#seed', '4242');
    await first.page.press('#seed', 'Enter');
    await first.page.fill('#scenario-name', 'Mi escenario');
    await first.page.press('#scenario-name', 'Enter');
    await resultsCurrent(first.page);
    await first.page.click('#copy-link');
    await first.page.waitForSelector('#notice');
    const url = first.page.url();
    assert.match(url, /#w1\./, 'the link is in the address bar');
    const csvA = await first.page.evaluate(() => document.querySelector('#chart-retention').toDataURL());

    second = await open(url);
    assert.equal(await second.page.inputValue('#seed'), '4242');
    assert.match((await second.page.locator('.tab').allTextContents())[0], /Mi escenario/);
    await drawn(second.page);
    const csvB = await second.page.evaluate(() => document.querySelector('#chart-retention').toDataURL());
    assert.equal(csvB, csvA, 'the chart from the link differs');
    assert.deepEqual(first.problems, []);
    assert.deepEqual(second.problems, []);
  } finally {
    await first.context.close();
    await second?.context.close();
  }
});

test('switching language relabels controls and charts', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open(site.url);
  try {
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    const before = (await drawn(page)).hash;
    await page.click('#language');
    await page.waitForFunction(() => document.documentElement.lang === 'es');
    assert.equal(await page.textContent('label[for="seed"]'), 'Semilla aleatoria');
    const after = await waitFor(() => canvasInk(page, RETENTION), (i) => i.hash !== before);
    assert.notEqual(after.hash, before, 'chart titles did not change language');
    await screenshot(page, 'workbench-es.png');
    // The button names the other language in that language, as the lessons' does.
    assert.equal((await page.textContent('#language')).trim(), 'English');
    // Renamed in the new language, the example's scenarios are still the example's.
    assert.equal(await page.locator('.about .edited').count(), 0, 'a language switch called the example edited');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
  // A teacher's link that only chooses the language opens the workbench in it, with no
  // notice about a link; pasted into an open page it switches too.
  const linked = await open(site.url + '#lang=es');
  try {
    await linked.page.waitForFunction(() => document.documentElement.lang === 'es');
    assert.equal(await linked.page.textContent('label[for="seed"]'), 'Semilla aleatoria');
    assert.equal(await linked.page.locator('#notice.error').count(), 0, 'a language link was reported as a problem');
    await linked.page.evaluate(() => { location.hash = 'lang=en'; });
    await linked.page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal((await linked.page.textContent('#language')).trim(), 'Español');
    assert.equal(await linked.page.locator('#notice.error').count(), 0);
    assert.deepEqual(linked.problems, []);
  } finally {
    await linked.context.close();
  }
});

test('a broken file or link is refused with a message and the work is kept', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open(site.url);
  try {
    const tabs = await page.locator('.tab').allTextContents();
    await page.setInputFiles('#import', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"version": 1, "customers": "many"'),
    });
    await page.waitForSelector('#notice.error');
    assert.match(await page.textContent('#notice'), /could not be imported/);
    assert.deepEqual(await page.locator('.tab').allTextContents(), tabs, 'scenarios changed');

    await page.setInputFiles('#import', {
      name: 'future.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"version": 99}'),
    });
    await page.waitForFunction(() => /99/.test(document.querySelector('#notice')?.textContent ?? ''));
    assert.deepEqual(await page.locator('.tab').allTextContents(), tabs);

    // The exported work carries its seed and replications; a copy edited so that B's
    // horizon differs (a setting every scenario shares) is refused, saying which.
    await page.fill('#seed', '777');
    await page.press('#seed', 'Enter');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const work = JSON.parse(readFileSync(await file.path(), 'utf8'));
    assert.equal(work.seed, 777);
    assert.ok(work.replications >= 1 && work.scenarios.length === tabs.length, JSON.stringify(Object.keys(work)));
    const edited = structuredClone(work);
    edited.scenarios[1].horizon_months = 36;
    await page.setInputFiles('#import', { name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edited)) });
    await page.waitForFunction(() => /Horizon/.test(document.querySelector('#notice.error')?.textContent ?? ''));
    assert.match(await page.textContent('#notice'), /Scenario B has "Horizon" at 36\smonths and A at \d+\smonths: every scenario shares/);
    assert.deepEqual(await page.locator('.tab').allTextContents(), tabs);
    // The exported file, imported where the seed is another, brings its own back.
    await page.fill('#seed', '5');
    await page.press('#seed', 'Enter');
    await page.setInputFiles('#import', { name: 'work.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(work)) });
    await page.waitForFunction(() => document.querySelector('#seed')?.value === '777');
    assert.deepEqual(problems, []);

    // A tampered link pasted into the address bar: refused with a message, work kept.
    await page.goto(`${site.url}#w1.not-a-real-link`);
    await page.waitForFunction(() => /link/i.test(document.querySelector('#notice.error')?.textContent ?? ''));
    assert.deepEqual(await page.locator('.tab').allTextContents(), tabs);
    // A page opened afresh on a tampered link opens on the saved work and says why.
    const fresh = await context.newPage();
    const freshProblems = watch(fresh);
    await fresh.goto(`${site.url}#w1.not-a-real-link`);
    await fresh.waitForSelector('#notice.error');
    assert.match(await fresh.textContent('#notice'), /previous work was kept/);
    assert.deepEqual(await fresh.locator('.tab').allTextContents(), tabs);
    assert.deepEqual(freshProblems, []);
    // In a browser with no work saved, the message does not speak of work kept: it
    // says what is shown instead.
    const empty = await browser.newContext({ locale: 'en-GB' });
    try {
      const first = await empty.newPage();
      const firstProblems = watch(first);
      await first.goto(`${site.url}#w1.not-a-real-link`);
      await first.waitForSelector('#notice.error');
      const said = await first.textContent('#notice');
      assert.match(said, /starts with its default scenario/);
      assert.doesNotMatch(said, /kept/);
      assert.deepEqual(firstProblems, []);
    } finally {
      await empty.close();
    }
  } finally {
    await context.close();
  }
});

test('a full storage is reported and the work stays on screen', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  await context.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('quota exceeded', 'QuotaExceededError');
    };
  });
  const page = await context.newPage();
  const problems = watch(page);
  try {
    await page.goto(site.url);
    await resultsCurrent(page);
    await page.waitForSelector('#notice.error');
    assert.match(await page.textContent('#notice'), /could not be saved/);
    await page.fill('#scenario-name', 'Still here');
    await page.press('#scenario-name', 'Enter');
    await page.waitForFunction(() => document.querySelector('.tab').textContent.includes('Still here'));
    await resultsCurrent(page);
    assert.ok((await drawn(page)).colour > 200, 'charts still drawn');
    // Keyboard users see where the focus is on the import button.
    await page.focus('#import');
    const outline = await page.evaluate(() => getComputedStyle(document.querySelector('label[for="import"]')).outlineStyle);
    assert.equal(outline, 'solid');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a long run shows progress and can be cancelled; charts export as CSV and PNG', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open(site.url);
  try {
    await page.fill('#replications', '300');
    await page.press('#replications', 'Enter');
    await page.waitForSelector('#run-progress', { timeout: 10_000 });
    const first = Number(await page.getAttribute('#run-progress', 'value'));
    await page.waitForFunction(
      (v) => Number(document.querySelector('#run-progress')?.value) > v,
      first,
      { timeout: 20_000 },
    );
    await page.click('#cancel');
    await page.waitForSelector('.runbar[data-run="cancelled"]');
    assert.ok((await drawn(page)).colour > 200, 'partial results stay drawn');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#csv-retention'),
    ]);
    // The page is in English here: commas between fields, said in the file's name.
    assert.equal(csv.suggestedFilename(), 'fideliza-retention-en-comma-separated.csv');
    const text = await (await csv.createReadStream()).toArray().then((b) => Buffer.concat(b).toString());
    const lines = text.trim().split('\n');
    assert.ok(lines.length > 30, `CSV has a row per month: ${lines.length}`);
    assert.match(lines[0], /month|Month/);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#png-retention'),
    ]);
    assert.equal(png.suggestedFilename(), 'fideliza-retention.png');
    const bytes = await (await png.createReadStream()).toArray().then((b) => Buffer.concat(b));
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the same build works at the site root', { timeout: 120_000 }, async () => {
  const root = await startSite('/');
  try {
    const { context, page, problems } = await open(root.url);
    assert.ok((await drawn(page)).colour > 200);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await root.close();
  }
});

test('screenshots at projector and phone sizes', { timeout: 120_000 }, async () => {
  for (const [width, height, name] of [[1920, 1080, 'projector'], [390, 844, 'phone']]) {
    const { context, page, problems } = await open(site.url, {
      viewport: { width, height },
      deviceScaleFactor: name === 'phone' ? 3 : 1,
    });
    try {
      const c = await drawn(page);
      if (name === 'phone') assert.ok(Math.abs(c.width - c.cssWidth * 3) <= 3, JSON.stringify(c));
      await screenshot(page, `workbench-${name}.png`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});
