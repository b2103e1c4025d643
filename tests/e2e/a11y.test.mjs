// Readable by everyone (issue 12), end to end in headless Chromium on the release build:
// axe-core finds no serious or critical problem on the workbench (every editor panel
// open, both languages) nor on a phone; the keyboard reaches the first chart's table in
// a few presses and has a shortcut list; a phone shows a chart above the fold and
// cuts nothing off at 360 px; the charts speak numbers and the CSV speaks Spanish.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, watch, axeCheck, screenshot, waitFor } from './harness.mjs';

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

/** A fresh context at `viewport` in `locale`, with the first results on screen. */
async function open({ width = 1366, height = 768, locale = 'en-GB', ...rest } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, ...rest });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  return { context, page, problems };
}

const openEveryPanel = (page) =>
  page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));

const describe = (violations) => JSON.stringify(violations, null, 1);

test('axe-core: no serious or critical violation on the workbench, every panel open, in both languages', { timeout: 180_000 }, async () => {
  const { context, page, problems } = await open();
  try {
    for (const lang of ['en', 'es']) {
      if ((await page.getAttribute('html', 'lang')) !== lang) {
        await page.click('#language');
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      }
      await openEveryPanel(page);
      // A lever that depends on another is disabled: its dimmed text must stay legible.
      assert.ok((await page.locator('.lever.disabled').count()) > 0, 'some lever is disabled');
      assert.deepEqual(await axeCheck(page), [], `${lang}: ${describe(await axeCheck(page))}`);
      // A chart's table and the shortcut list are part of the page too.
      await page.click('#table-toggle-retention');
      await page.waitForSelector('#table-retention table');
      assert.deepEqual(await axeCheck(page), [], `${lang}, table open: ${describe(await axeCheck(page))}`);
      await page.keyboard.press('?');
      await page.waitForSelector('#shortcuts');
      assert.deepEqual(await axeCheck(page), [], `${lang}, shortcut list open`);
      await page.keyboard.press('Escape');
      await page.click('#table-toggle-retention');
    }
    await screenshot(page, 'a11y-workbench-es-1366x768.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('axe-core: no serious or critical violation at phone size, editor folded and unfolded', { timeout: 120_000 }, async () => {
  for (const locale of ['es-ES', 'en-GB']) {
    const { context, page, problems } = await open({ width: 390, height: 844, locale, deviceScaleFactor: 2 });
    try {
      assert.deepEqual(await axeCheck(page), [], `${locale} folded: ${describe(await axeCheck(page))}`);
      await page.click('#editor-toggle');
      await page.waitForSelector('#editor .tab');
      await openEveryPanel(page);
      assert.deepEqual(await axeCheck(page), [], `${locale} unfolded: ${describe(await axeCheck(page))}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test('Tab and Enter reach the first chart\'s table from the top of the page in at most 10 presses', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open();
  try {
    // What has the focus: the element's id, or a skip link's target.
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement;
        return e?.classList.contains('skip-link') ? `skip:${e.getAttribute('href')}` : e?.id || e?.tagName;
      });
    const firstTable = '#table-toggle-retention';
    // The phones' "Lessons" button is no Tab stop on a wide screen (the bar is in view).
    assert.equal(await page.isVisible('#to-lessons'), false);
    const path = [];
    let presses = 0;
    while (presses < 10 && !(await page.isVisible('#table-retention table'))) {
      const here = await focused();
      // Enter where it takes the reader towards the first chart's table; Tab otherwise.
      const key = here === 'skip:#charts' || `#${here}` === firstTable ? 'Enter' : 'Tab';
      await page.keyboard.press(key);
      presses += 1;
      path.push(`${key}→${await focused()}`);
    }
    assert.ok(await page.isVisible('#table-retention table'), `no table after ${presses} presses: ${path.join(' ')}`);
    console.log(`first chart's table after ${presses} presses: ${path.join(' ')}`);
    assert.ok(presses <= 10);
    // The skip links come first and are visible when focused.
    await page.reload();
    await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'skip:#results');
    const box = await page.locator('.skip-link:focus').boundingBox();
    assert.ok(box && box.y >= 0 && box.height > 10, `skip link on screen: ${JSON.stringify(box)}`);
    await page.keyboard.press('Enter');
    assert.equal(await focused(), 'results');
    assert.match(page.url(), /#w1\.|\/fideliza\/$/, 'the skip link left the address alone');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('? lists the keyboard shortcuts, Escape closes the list, and the shortcuts work', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open({ locale: 'es-ES' });
  try {
    await page.focus('#seed');
    // Typing in a field is text, not a shortcut.
    await page.keyboard.press('?');
    assert.equal(await page.locator('#shortcuts').count(), 0);
    await page.focus('#new-seed');
    await page.keyboard.press('?');
    await page.waitForSelector('#shortcuts[role="dialog"]');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'shortcuts-close');
    const text = await page.textContent('#shortcuts');
    assert.match(text, /Atajos de teclado/);
    assert.ok((await page.locator('#shortcuts kbd').count()) >= 8, text);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'shortcuts-close', 'focus stays in the list');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#shortcuts').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'new-seed', 'focus goes back');

    await page.keyboard.press('g');
    assert.ok(await page.evaluate(() => document.activeElement.closest('.chart-retention') !== null));
    await page.keyboard.press('r');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results');
    await page.keyboard.press('[');
    await page.waitForFunction(() => /^\d+$/.test(document.querySelector('output[for="month"]').textContent.trim()));
    const month = Number(await page.inputValue('#month'));
    await page.keyboard.press('[');
    await page.waitForFunction((m) => Number(document.querySelector('#month').value) === m - 1, month);
    await page.keyboard.press('e');
    await page.waitForFunction(() => document.activeElement.classList.contains('tab'));
    // The button that opens the list is there for pointer users too.
    await page.click('#shortcuts-button');
    await page.waitForSelector('#shortcuts');
    await page.click('#shortcuts-close');
    assert.equal(await page.locator('#shortcuts').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the keyboard focus follows the user into and out of a lesson and presenting', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open();
  const focused = () => page.evaluate(() => document.activeElement.id);
  try {
    // Loading an example leaves a notice with Undo; it is not carried into the lesson.
    await page.selectOption('#preset', 'lock-in-vs-free-exit');
    await page.click('#load-preset');
    await page.focus('#open-lesson-lock-in');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#lesson');
    assert.equal(await focused(), 'stage-title', 'an opened lesson has the focus at its step');
    assert.equal(await page.locator('#notice').count(), 0, "the workbench's notice followed into the lesson");
    await page.click('#lesson-exit');
    await page.waitForSelector('#open-lesson-lock-in');
    assert.equal(await focused(), 'open-lesson-lock-in', 'back on the button that opened the lesson');
    await page.focus('#present');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.presented');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#present');
    assert.equal(await focused(), 'present', 'back on the button that started presenting');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a phone shows a chart above the fold, the editor one tap away, and 360 px cuts nothing off', { timeout: 120_000 }, async () => {
  for (const locale of ['es-ES', 'en-GB']) {
    const { context, page, problems } = await open({ width: 390, height: 844, locale, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
    try {
      // The charts' hint speaks of tapping here, not of pointing and arrow keys.
      const hint = page.locator('.readout.hint').first();
      assert.match(await hint.innerText(), locale === 'es-ES' ? /Toca el gráfico/ : /Tap the chart/);
      assert.doesNotMatch(await hint.innerText(), /arrow|flechas/);
      const chart = await page.locator('#chart-retention').boundingBox();
      assert.ok(chart && chart.y >= 0 && chart.y + chart.height <= 844, `retention chart within the first screen: ${JSON.stringify(chart)}`);
      assert.equal(await page.isVisible('#scenario-name'), false, 'the editor starts folded');
      // Charts with one panel per scenario stack them on a phone: each panel gets the
      // height of a chart (they were squashed to ~100 px each, rows over one another).
      for (const id of ['#chart-states', '#chart-churn', '#chart-flows']) {
        const box = await page.locator(id).boundingBox();
        assert.ok(box && box.height >= 2 * 240, `${id} is ${box?.height} px tall for 2 stacked panels`);
      }
      await screenshot(page, `a11y-phone-390x844-${locale}.png`);
      await page.click('#editor-toggle');
      assert.ok(await page.isVisible('#scenario-name'), 'one tap unfolds the editor');
      // The lesson bar is below every chart on a phone; the header's button takes a
      // touch user there, to the first lesson, and the fragment (share links) is left alone.
      const menu = await page.locator('.lesson-menu').boundingBox();
      assert.ok(menu.y > 844, `the lesson bar starts below the first screen (${menu.y})`);
      const hash = await page.evaluate(() => location.hash);
      await page.click('#to-lessons');
      await waitFor(
        () => page.evaluate(() => document.activeElement?.id ?? ''),
        (id) => id.startsWith('open-lesson-'),
      );
      const seen = await page.evaluate(() => document.querySelector('.lesson-menu').getBoundingClientRect().top);
      assert.ok(seen >= -1 && seen < 844, `the lesson bar is on screen after the tap (top ${seen})`);
      assert.equal(await page.evaluate(() => location.hash), hash);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
  const { context, page, problems } = await open({ width: 360, height: 740, locale: 'es-ES' });
  try {
    await page.click('#editor-toggle');
    await openEveryPanel(page);
    // Lever units used to be cut with an ellipsis ("% más de riesgo por conta…").
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => !e.closest('.visually-hidden, .table-wrap'))
        .filter((e) => {
          const r = e.getBoundingClientRect();
          if (r.width === 0) return false;
          const style = getComputedStyle(e);
          const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
          return r.right > 360.5 || r.left < -0.5 || (clips && e.scrollWidth > e.clientWidth + 1);
        })
        .map((e) => `${e.tagName}#${e.id}.${e.className}: ${e.textContent.slice(0, 50)}`),
    );
    assert.deepEqual(cut, [], 'elements cut off or past the edge at 360 px');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360);
    await screenshot(page, 'a11y-editor-360.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('every chart has a heading, a summary with the numbers of the month shown, and a table with the CSV rows', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open({ locale: 'es-ES', acceptDownloads: true });
  try {
    const cards = await page.locator('.charts article.card').count();
    assert.ok(cards >= 10);
    assert.equal(await page.locator('.charts article.card h3').count(), cards, 'a heading per chart');
    assert.equal(await page.locator('.charts .summary').count(), cards, 'a summary per chart');
    // The region of results is named by its own heading, not by the examples menu.
    const name = await page.evaluate(() => {
      const r = document.querySelector('#results');
      return document.getElementById(r.getAttribute('aria-labelledby'))?.textContent;
    });
    assert.equal(name, 'Resultados');

    // The retention summary's numbers are the last month of the table (same data).
    const summary = await page.textContent('#summary-retention');
    const horizon = await page.getAttribute('#month', 'max');
    assert.ok(summary.startsWith(`En el mes ${horizon}: `), summary);
    await page.click('#table-toggle-retention');
    assert.equal(await page.getAttribute('#table-toggle-retention', 'aria-expanded'), 'true');
    const table = await page.evaluate(() => {
      const t = document.querySelector('#table-retention table');
      return [...t.rows].map((r) => [...r.cells].map((c) => c.textContent));
    });
    const header = table[0];
    const last = table[table.length - 1];
    assert.equal(last[0], horizon);
    const p50 = header.findIndex((h) => h.startsWith('A') && h.includes('p50'));
    assert.ok(p50 > 0, JSON.stringify(header));
    // The table has four significant digits (±0.005 here), the summary one decimal.
    const shown = Number(last[p50].replace(',', '.'));
    const percents = [shown - 0.005, shown + 0.005].map((v) => v.toFixed(1).replace('.', ','));
    // Spanish writes a non-breaking space before the sign, as the app's sentences do.
    assert.ok(percents.some((p) => summary.includes(`${p}\u00a0%`)), `${summary} should say ${percents.join(' or ')} % (table: ${last[p50]})`);

    // The same rows as the CSV, which is in Spanish form: ; between fields, decimal commas.
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#csv-retention')]);
    assert.match(file.suggestedFilename(), /^fideliza-retention-es-.*punto-y-coma\.csv$/);
    const csv = (await (await file.createReadStream()).toArray().then((b) => Buffer.concat(b).toString()))
      .replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\n');
    assert.equal(lines.length, table.length, 'the table has the CSV rows');
    const fields = lines.map((l) => l.split(';'));
    assert.ok(fields.every((f) => f.length === header.length), 'every line has a field per column');
    // The same last month in both: the CSV with every digit, the table as people write
    // numbers (four significant digits, the whole part always).
    const number = (f) => Number(f.replaceAll('.', '').replace(',', '.'));
    const csvLast = fields[fields.length - 1];
    assert.equal(csvLast[0], last[0]);
    const rounding = (v) => Math.max(0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v) || 1)) + 1 - 4), 0.5e-6) + 1e-9;
    csvLast.slice(1).forEach((f, i) => {
      assert.ok(Math.abs(number(f) - number(last[i + 1])) <= rounding(number(f)), `${f} in the CSV, ${last[i + 1]} in the table`);
      assert.ok(last[i + 1].length <= f.length, `${last[i + 1]} is no longer than ${f}`);
    });
    assert.ok(fields.slice(1).flat().some((f) => /^-?\d+,\d+$/.test(f)), 'decimal commas');
    assert.ok(!fields.slice(1).flat().some((f) => /^-?\d+\.\d+$/.test(f)), 'no decimal points');

    // The rotation matrix shows totals; its table is month by month, headed "Mes", and
    // ends with those totals, the summary's first value among them.
    await page.click('#table-toggle-flows');
    const rotation = await page.evaluate(() => {
      const t = document.querySelector('#table-flows table');
      return [...t.rows].map((r) => [...r.cells].map((c) => c.textContent));
    });
    assert.equal(rotation[0][0], 'Mes');
    const totals = rotation[rotation.length - 1];
    assert.equal(totals[0], `Total, meses 0 a ${horizon}`);
    const months = rotation.slice(1, -1);
    assert.equal(months.length, Number(horizon) + 1);
    const firstTotal = months.reduce((sum, row) => sum + number(row[1]), 0);
    assert.ok(Math.abs(firstTotal - number(totals[1])) <= rounding(firstTotal), `${firstTotal} vs ${totals[1]}`);
    const rotationSummary = await page.textContent('#summary-flows');
    const firstValue = rotationSummary.split(';')[0].split(' ').pop();
    assert.equal(number(firstValue), Math.round(number(totals[1])), rotationSummary);

    // Counts of customers read whole: month 0 of the churn chart has no departures yet.
    await page.focus('.chart-churn .plot');
    await page.keyboard.press('Home');
    const readout = await page.textContent('.chart-churn .readout');
    assert.match(readout, /^Mes 0: /);
    assert.doesNotMatch(readout, /\d,\d/, `whole customers: ${readout}`);
    await page.keyboard.press('End');
    assert.doesNotMatch(await page.textContent('.chart-churn .readout'), /\d,\d/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the English CSV keeps commas and decimal points, and says so in its name', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open({ acceptDownloads: true });
  try {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#csv-active')]);
    assert.match(file.suggestedFilename(), /^fideliza-active-en-comma-separated\.csv$/);
    const csv = (await (await file.createReadStream()).toArray().then((b) => Buffer.concat(b).toString()))
      .replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\n');
    assert.match(lines[0], /^Month,/);
    assert.ok(lines.slice(1).join(',').split(',').some((f) => /^\d+\.\d+$/.test(f)), 'decimal points');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
