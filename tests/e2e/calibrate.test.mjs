// Calibrating churn from a cohort table (issue 10), end to end in Chromium: the Regular
// cohort of Fader & Hardie fits to their published estimates, the fit sets a segment's
// churn, and a malformed table says which line is wrong and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, watch, waitFor, canvasInk } from './harness.mjs';

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

const REGULAR = 'year,Regular\n0,100\n1,63.1\n2,46.8\n3,38.2\n4,32.6\n5,28.9\n6,26.2\n7,24.1\n';

async function alphaOfFirstSegment(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('fideliza.workbench.v1')).workbench.scenarios
    .map((s) => [s.population.segments[0].churn_alpha, s.population.segments[0].churn_beta]));
}

test('a cohort table fits, sets a segment, and a bad one changes nothing', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  await page.click('#calibrate summary');
  await page.fill('#calibrate-table', REGULAR);
  await page.click('#calibrate-fit');
  const line = await page.innerText('.calibrate .fits li');
  const number = (key) => parseFloat(line.split(key)[1]);
  assert.ok(Math.abs(number('alpha ') / 0.704 - 1) < 0.02, line);
  assert.ok(Math.abs(number('beta ') / 1.182 - 1) < 0.02, line);
  assert.match(line, /log-likelihood -1,680\.\d/);
  // In plain words too: α / (α + β) = 0.704 / 1.886.
  assert.match(line, /· mean monthly churn 37\.\d%/);
  const ink = await waitFor(() => canvasInk(page, '#chart-calibrate'), (v) => v && v.ink > 500);
  assert.ok(ink && ink.ink > 500, 'the fit is drawn');

  // Yearly rows give monthly parameters, and one click sets them in every scenario.
  await page.selectOption('#calibrate-months', '12');
  await page.click('#calibrate-fit');
  const monthly = await page.innerText('.calibrate .fits li');
  assert.ok(Math.abs(parseFloat(monthly.split('beta ')[1]) - 13.0) < 0.3, monthly);
  const untouched = await alphaOfFirstSegment(page);
  // The fit replaces the user's churn: the notice offers to undo it, and Ctrl+Z does.
  await page.click('#calibrate-use-0');
  assert.match(await page.innerText('#notice'), /fitted to your retention data/);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await page.waitForSelector('#notice', { state: 'detached' });
  // The segment has its own churn again: the panel no longer claims the fit is set.
  await waitFor(() => page.innerText('#calibrate-applied'), (t) => /does not have alpha/.test(t));
  assert.match(await page.innerText('#calibrate-applied'), /does not have alpha .* now/);
  assert.deepEqual(await alphaOfFirstSegment(page), untouched);
  // Set again, and kept: once the notice goes, the fit is the saved work.
  await page.click('#calibrate-use-0');
  await page.click('#notice-dismiss');
  const set = await waitFor(
    () => alphaOfFirstSegment(page),
    (v) => v.every(([a]) => Math.abs(a - 0.709) < 0.01),
  );
  assert.ok(set.every(([a, b]) => Math.abs(a - 0.709) < 0.01 && Math.abs(b - 13.0) < 0.3), JSON.stringify(set));

  // A malformed table: the message names the line, and the work is as it was.
  const before = await alphaOfFirstSegment(page);
  await page.fill('#calibrate-table', 'year,a\n0,100\n1,sixty\n2,40\n');
  await page.click('#calibrate-fit');
  assert.match(await page.innerText('#calibrate-error'), /Line 3, column 2: "sixty" is not a number/);
  await page.fill('#calibrate-table', 'año;a\n0;100\n1;60\n2;70\n');
  await page.click('#calibrate-fit');
  assert.match(await page.innerText('#calibrate-error'), /line 4: more customers than the period before/);
  assert.deepEqual(await alphaOfFirstSegment(page), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the retention chart exported as CSV (Spanish form) calibrates back: one cohort per scenario', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'es-ES', acceptDownloads: true });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  if ((await page.getAttribute('html', 'lang')) !== 'es') await page.click('#language');
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#csv-retention')]);
  const path = await file.path();
  await page.click('#calibrate summary');
  await page.setInputFiles('#calibrate-file', path);
  await page.waitForSelector('.calibrate .fits li', { timeout: 10_000 });
  const fits = await page.$$eval('.calibrate .fits li', (l) => l.map((x) => x.textContent));
  // Two scenarios, two cohorts (the bands are not cohorts): free exit fits; under the
  // lock-in nobody leaves for 24 months, which the model cannot fit, and it says so.
  assert.equal(fits.length, 2, `${fits}`);
  assert.match(fits[0], /^A · .*: alfa \d+,\d{3} · beta \d+,\d{3} \(del abandono mensual\) · log-verosimilitud/);
  assert.match(await page.textContent('#calibrate-unfitted-1'), /^«B · .*»: el modelo no encuentra una estimación finita .* nadie se va durante meses y luego muchos a la vez con una permanencia/);
  assert.equal(await page.$('#calibrate-error'), null);
  assert.ok(await page.$('#calibrate-use-0'), 'the fitted cohort can set a segment');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a fit beyond the levers is set scaled and says so; the period selector refits; messages follow the language', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  await page.click('#calibrate summary');

  // 2% of the month before leave every month: a nearly homogeneous population, whose
  // fit (beta well above 100,000) the levers (at most 10,000) cannot take as it is.
  let rows = 'month;a\n';
  for (let month = 0, n = 100_000; month < 24; month += 1, n = Math.round(n * 0.98)) rows += `${month};${n}\n`;
  await page.fill('#calibrate-table', rows);
  await page.click('#calibrate-fit');
  await page.click('#calibrate-use-0');
  await page.click('#notice-dismiss');
  const set = await waitFor(() => alphaOfFirstSegment(page), (v) => v.every(([, b]) => b === 10_000));
  assert.ok(set.every(([a, b]) => b === 10_000 && Math.abs(a / (a + b) - 0.02) < 0.001), JSON.stringify(set));
  const applied = await page.innerText('#calibrate-applied');
  assert.match(applied, /^Churn set: "a" → .*, alpha [\d.,]+ and beta 10,000(\.000)?\. The fit gave alpha .* both were divided by/);
  // The alpha said is the alpha set (to the three decimals shown).
  const said = parseFloat(applied.split('alpha ')[1].replace(/,/g, ''));
  assert.ok(Math.abs(said - set[0][0]) < 0.0005, `${applied} / ${set[0][0]}`);

  // Fitted as months, then the rows turn out to be years: the fit on screen follows.
  await page.fill('#calibrate-table', REGULAR);
  await page.click('#calibrate-fit');
  const monthly = await page.innerText('.calibrate .fits li');
  assert.ok(Math.abs(parseFloat(monthly.split('beta ')[1]) - 1.182) < 0.03, monthly);
  await page.selectOption('#calibrate-months', '12');
  const yearly = await waitFor(() => page.innerText('.calibrate .fits li'), (t) => t !== monthly);
  assert.ok(Math.abs(parseFloat(yearly.split('beta ')[1]) - 13.0) < 0.3, yearly);
  await page.click('#calibrate-use-0');
  await page.click('#notice-dismiss');
  const refit = await waitFor(() => alphaOfFirstSegment(page), (v) => v.every(([, b]) => Math.abs(b - 13.0) < 0.3));
  assert.ok(refit.every(([, b]) => Math.abs(b - 13.0) < 0.3), JSON.stringify(refit));

  // An error made in English reads in Spanish after switching.
  await page.fill('#calibrate-table', 'year,a\n0,100\n1,sixty\n2,40\n');
  await page.click('#calibrate-fit');
  assert.match(await page.innerText('#calibrate-error'), /^Line 3, column 2: "sixty" is not a number/);
  await page.click('#language');
  await waitFor(() => page.getAttribute('html', 'lang'), (l) => l === 'es');
  assert.match(await page.innerText('#calibrate-error'), /^Línea 3, columna 2: «sixty» no es un número/);
  assert.deepEqual(problems, []);
  await context.close();
});
