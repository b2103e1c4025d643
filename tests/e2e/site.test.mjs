// The release build, end to end, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, watch, canvasInk, waitFor, screenshot } from './harness.mjs';

const CHART = '#retention-chart';
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Opens the site at `prefix` and waits until the chart has data drawn on it. */
async function openSite(prefix, contextOptions = {}) {
  const site = await startSite(prefix);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, ...contextOptions });
  const page = await context.newPage();
  const problems = watch(page);
  try {
    await page.goto(site.url, { waitUntil: 'load' });
    await page.waitForSelector(CHART, { timeout: 15_000 });
  } catch (err) {
    await context.close();
    await site.close();
    throw new Error(`${err.message}\nproblems seen: ${JSON.stringify(problems, null, 1)}`);
  }
  const drawn = await waitFor(
    () => canvasInk(page, CHART),
    (ink) => ink && ink.colour > 200,
  );
  return { site, context, page, problems, drawn };
}

test('under /fideliza/: loads with no errors, draws the chart, and the slider redraws it', { timeout: 60_000 }, async () => {
  const { site, context, page, problems, drawn } = await openSite('/fideliza/');
  try {
    assert.ok(drawn, 'the chart canvas exists and has a size');
    assert.ok(drawn.ink / drawn.pixels > 0.01, `chart looks blank: ${JSON.stringify(drawn)}`);
    assert.ok(drawn.colour > 200, `no simulated curve drawn: ${JSON.stringify(drawn)}`);
    await screenshot(page, 'skeleton-1366x768.png');

    // Move the churn slider as a keyboard user would.
    const before = drawn.hash;
    const shownBefore = await page.textContent('output[for="churn"]');
    await page.focus('#churn');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    const after = await waitFor(
      () => canvasInk(page, CHART),
      (ink) => ink && ink.hash !== before,
    );
    assert.notEqual(after.hash, before, 'moving the slider did not change the chart');
    assert.ok(after.colour > 200, 'the redrawn chart lost its curve');
    assert.notEqual(await page.textContent('output[for="churn"]'), shownBefore);
    await screenshot(page, 'skeleton-after-slider.png');

    const outside = site.requests.filter((p) => !p.startsWith('/fideliza/'));
    assert.deepEqual(outside, [], 'requests escaped the subpath');
    assert.deepEqual(problems, [], 'console errors or failed requests');
  } finally {
    await context.close();
    await site.close();
  }
});

test('the same build works at the site root', { timeout: 60_000 }, async () => {
  const { site, context, problems, drawn } = await openSite('/');
  try {
    assert.ok(drawn && drawn.colour > 200, `chart not drawn at /: ${JSON.stringify(drawn)}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await site.close();
  }
});

test('HiDPI: the canvas backing store matches devicePixelRatio', { timeout: 60_000 }, async () => {
  const { site, context, page, problems, drawn } = await openSite('/fideliza/', {
    deviceScaleFactor: 2,
  });
  try {
    assert.equal(drawn.width, Math.round(drawn.cssWidth * 2), JSON.stringify(drawn));
    await screenshot(page, 'skeleton-hidpi.png');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await site.close();
  }
});

test('switching language relabels the page', { timeout: 60_000 }, async () => {
  const { site, context, page, problems, drawn } = await openSite('/fideliza/', { locale: 'en-GB' });
  try {
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    const labelEn = await page.textContent('label[for="churn"]');
    await page.click('#language');
    await page.waitForFunction(() => document.documentElement.lang === 'es');
    const labelEs = await page.textContent('label[for="churn"]');
    assert.notEqual(labelEs, labelEn);
    const redrawn = await waitFor(() => canvasInk(page, CHART), (ink) => ink.hash !== drawn.hash);
    assert.notEqual(redrawn.hash, drawn.hash, 'chart titles did not change language');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await site.close();
  }
});
