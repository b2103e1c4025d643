// Lessons (issue 9), end to end in headless Chromium, in both languages: every lesson
// walked from its link to the debrief, with nothing of the result in the page before
// the reveal; presenter text measured on the canvas at 1920x1080; values read by
// tapping a chart on a phone; the way in from the workbench and the way back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, watch, waitFor, canvasInk, screenshot, axeCheck } from './harness.mjs';

const LESSONS = ['lock-in', 'replies', 'forcing', 'channel', 'outage'];
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

async function open(hash, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, ...options });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url + hash);
  await page.waitForSelector('#lesson');
  return { context, page, problems };
}

const stage = (page) => page.getAttribute('#lesson', 'data-stage');

/** What the predict step must not show: drawn charts, read-outs, results. */
async function resultsInPage(page) {
  return page.evaluate(() => ({
    canvases: document.querySelectorAll('canvas').length,
    readouts: document.querySelectorAll('.readout').length,
    results: document.querySelectorAll('.result, .findings, .questions, .lesson-summary').length,
    text: document.body.innerText,
  }));
}

for (const lang of ['es', 'en']) {
  test(`every lesson walks from its link to the debrief (${lang})`, async () => {
    for (const id of LESSONS) {
      const { context, page, problems } = await open(`#lesson=${id}&step=1&lang=${lang}`);
      assert.equal(await page.getAttribute('html', 'lang'), lang, id);
      assert.equal(await stage(page), 'The situation', id);
      const situation = await resultsInPage(page);
      assert.deepEqual([situation.canvases, situation.readouts, situation.results], [0, 0, 0], id);

      await page.click('#lesson-next');
      assert.equal(await stage(page), 'Predict', id);
      // The whole run is done in the worker by now: its results are held, not shown.
      await page.waitForSelector('#lesson[data-run="done"]', { timeout: 60_000 });
      const predict = await resultsInPage(page);
      assert.deepEqual([predict.canvases, predict.readouts, predict.results], [0, 0, 0], id);
      assert.ok(await page.isDisabled('#lesson-next'), `${id}: no going on without a prediction`);
      await page.keyboard.press('ArrowRight');
      assert.equal(await stage(page), 'Predict', `${id}: nor with the keyboard`);
      if (id === 'lock-in') assert.deepEqual(await axeCheck(page), [], `axe at the predict step (${lang})`);
      await page.click('#guess-b');
      assert.ok(page.url().includes('guess=b'), page.url());

      await page.keyboard.press('ArrowRight');
      assert.equal(await stage(page), 'The result', id);
      assert.ok(page.url().includes(`lesson=${id}&step=3`), page.url());
      const result = await page.waitForSelector('.lesson .result', { timeout: 60_000 });
      const resultText = await result.innerText();
      const ink = await canvasInk(page, '#lesson-reveal');
      assert.ok(ink && ink.ink > 1000, `${id}: the reveal chart is drawn`);
      // The prediction's verdict is in the result, and its amount was nowhere before.
      assert.match(resultText, lang === 'es' ? /La clase (acertó|no acertó)/ : /The class got it/);
      const amount = resultText.match(/\d{1,3}(?:[.,]\d{3})+/)[0];
      assert.ok(!predict.text.includes(amount), `${id}: ${amount} showed before the reveal`);

      // Explaining charts, each drawn, each with sentences from the run.
      let explained = 0;
      while (true) {
        await page.click('#lesson-next');
        const s = await stage(page);
        if (!s.startsWith('Why')) break;
        explained++;
        await page.waitForSelector('.lesson .findings li', { timeout: 30_000 });
        const canvas = await page.$eval('.lesson-chart canvas', (c) => '#' + c.id);
        const drawn = await waitFor(() => canvasInk(page, canvas), (v) => v && v.ink > 1000);
        assert.ok(drawn && drawn.ink > 1000, `${id}: ${s} is drawn`);
        if (id === 'lock-in' && explained === 1) {
          assert.deepEqual(await axeCheck(page), [], `axe at an explaining step (${lang})`);
        }
        const sentences = await page.$$eval('.lesson .findings li', (li) => li.map((x) => x.innerText));
        assert.ok(sentences.length >= 1 && sentences.every((t) => /\d/.test(t)), `${id}: ${sentences}`);
      }
      assert.ok(explained >= 2, `${id}: ${explained} explaining charts`);
      assert.equal(await stage(page), 'What would flip it', id);
      const flip = await page.innerText('.lesson .flip');
      assert.match(flip, /\d/, `${id}: the flip names its value`);

      await page.click('#lesson-next');
      assert.equal(await stage(page), 'Discussion', id);
      const questions = await page.$$eval('.lesson .questions li', (li) => li.map((x) => x.innerText));
      assert.equal(questions.length, 3, `${id}: ${questions}`);
      assert.ok(questions.every((q) => /\d/.test(q) && q.endsWith('?')), `${id}: ${questions}`);
      // The printed page is the summary alone.
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => ({
        summary: getComputedStyle(document.querySelector('.lesson-summary')).display,
        nav: getComputedStyle(document.querySelector('.lesson-nav')).display,
      }));
      assert.deepEqual(printed, { summary: 'block', nav: 'none' }, id);
      await page.emulateMedia({ media: 'screen' });
      if (id === 'lock-in') await screenshot(page, `lesson-${id}-${lang}-debrief.png`);
      assert.deepEqual(problems, [], id);
      await context.close();
    }
  });
}

test('moving the lever past the flip turns the result around', async () => {
  const { context, page, problems } = await open('#lesson=lock-in&step=7&lang=en');
  assert.equal(await stage(page), 'What would flip it');
  const before = await (await page.waitForSelector('.lesson .result', { timeout: 60_000 })).innerText();
  assert.match(before, /24-month lock-in earns/);
  await page.click('#lesson-flip');
  const after = await waitFor(
    () => page.innerText('.lesson .result').catch(() => ''),
    (t) => /^With discount for the term → \d+%: /.test(t),
    60_000,
  );
  assert.match(after, /Free exit earns .* more cumulative margin than B · 24-month lock-in/);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Font sizes (CSS px, transform included) of the text drawn on the page's canvases. */
const MEASURE_TEXT = () => {
  window.__textSizes = [];
  const fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
    const px = parseFloat((this.font.match(/([\d.]+)px/) || [])[1] || '0');
    const m = this.getTransform();
    const scale = Math.hypot(m.a, m.b) / window.devicePixelRatio;
    if (String(text).trim()) window.__textSizes.push({ text: String(text), size: px * scale, canvas: this.canvas.id });
    return fill.call(this, text, x, y, ...rest);
  };
};

test('presenter mode draws chart text at 24 px or more at 1920x1080', async () => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.addInitScript(MEASURE_TEXT);
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url + '#lesson=lock-in&step=4&guess=b&lang=es');
  await page.waitForSelector('.lesson-chart canvas');
  await page.click('#present');
  await page.waitForSelector('.app.presenting');
  await page.evaluate(() => (window.__textSizes = []));
  // Presenting redraws at the new size.
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('.lesson-chart canvas');
  const sizes = await waitFor(
    () => page.evaluate(() => window.__textSizes.filter((t) => t.canvas.startsWith('lesson'))),
    (v) => v.length > 10,
  );
  const smallest = Math.min(...sizes.map((t) => t.size));
  assert.ok(smallest >= 24, `smallest chart text ${smallest.toFixed(1)} px: ${JSON.stringify(sizes.find((t) => t.size === smallest))}`);
  await screenshot(page, 'lesson-presenting-1920.png');
  // The workbench's charts present one at a time, just as large.
  await page.click('#lesson-exit');
  await page.waitForSelector('.presented .card canvas', { timeout: 30_000 });
  await page.evaluate(() => (window.__textSizes = []));
  await page.keyboard.press('ArrowRight');
  const chartSizes = await waitFor(
    () => page.evaluate(() => window.__textSizes.filter((t) => t.canvas.startsWith('chart'))),
    (v) => v.length > 10,
    30_000,
  );
  const smallestChart = Math.min(...chartSizes.map((t) => t.size));
  assert.ok(smallestChart >= 24, `workbench presenter: ${smallestChart.toFixed(1)} px`);
  await page.keyboard.press('Escape');
  await page.waitForSelector('.workbench');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a student on a phone reads a value by tapping the chart', async () => {
  const { context, page, problems } = await open('#lesson=lock-in&step=5&guess=a&lang=es', {
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
  const canvas = await page.waitForSelector('.lesson-chart canvas', { timeout: 60_000 });
  await page.waitForSelector('.lesson-chart .readout');
  const box = await canvas.boundingBox();
  assert.ok(box.y < 844, 'the chart starts on the first screen');
  const before = await page.innerText('.lesson-chart .readout');
  await page.touchscreen.tap(box.x + box.width * 0.4, box.y + box.height * 0.7);
  const after = await waitFor(
    () => page.innerText('.lesson-chart .readout'),
    (t) => t !== before,
  );
  assert.match(after, /^Mes \d+:/);
  assert.notEqual(after, before, 'tapping picks another month');
  // A line per scenario, each naming its scenario, B's values not cut off.
  const lines = await page.$$eval('.lesson-chart .readout .row', (rows) => rows.map((r) => r.innerText));
  assert.equal(lines.length, 2, lines.join(' / '));
  assert.match(lines[0], /^A · /);
  assert.match(lines[1], /^B · /);
  await screenshot(page, 'lesson-phone-tap.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the workbench leads to the lessons and a lesson ends in the workbench', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.workbench');
  await page.click('#open-lesson-outage');
  await page.waitForSelector('#lesson');
  assert.ok(page.url().includes('#lesson=outage&step=1'), page.url());
  await page.click('.lesson-steps li:last-child button');
  assert.equal(await stage(page), 'Discussion');
  await page.waitForSelector('#lesson-explore', { timeout: 60_000 });
  await page.click('#lesson-explore');
  await page.waitForSelector('.workbench');
  const tabs = await page.$$eval('.tab', (t) => t.map((x) => x.innerText));
  assert.ok(tabs.some((t) => t.includes('Proactive (warns first)')), tabs.join(' | '));
  assert.ok(!page.url().includes('lesson='), page.url());
  // A link to a lesson that does not exist says so, and the work stays.
  await page.goto(site.url + '#lesson=nonsense&step=2');
  assert.match(await (await page.waitForSelector('.notice')).innerText(), /nonsense/);
  // The notice ends the chance to undo the exploring, so the explored work is saved
  // then: wait for it before reloading (a reload at once could beat the hashchange,
  // and then rightly reopen the work saved before the lesson).
  await page.waitForFunction(() => (localStorage.getItem('fideliza.workbench.v1') ?? '').includes('Proactive (warns first)'));
  await page.reload();
  const notice = await page.waitForSelector('.notice');
  assert.match(await notice.innerText(), /nonsense/);
  const after = await page.$$eval('.tab', (t) => t.map((x) => x.innerText));
  assert.deepEqual(after, tabs);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the browser's Back and Forward move between a lesson's steps and out of it", async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.workbench');
  await page.click('#open-lesson-lock-in');
  await page.waitForSelector('#lesson');
  await page.click('#lesson-next');
  await page.waitForSelector('#lesson[data-run="done"]', { timeout: 60_000 });
  await page.click('#guess-a');
  await page.click('#lesson-next');
  assert.equal(await stage(page), 'The result');
  // A step is an entry of the history; the vote is not (it changed the step's own).
  await page.goBack();
  await waitFor(() => stage(page), (s) => s === 'Predict');
  assert.ok(page.url().includes('step=2') && page.url().includes('guess=a'), page.url());
  assert.ok(await page.isEnabled('#lesson-next'), 'the vote is kept');
  await page.goBack();
  await waitFor(() => stage(page), (s) => s === 'The situation');
  // Before the lesson's first step, the workbench it was opened from.
  await page.goBack();
  await page.waitForSelector('.workbench');
  assert.equal(await page.$('#lesson'), null);
  assert.ok(!page.url().includes('lesson='), page.url());
  await page.goForward();
  await page.waitForSelector('#lesson');
  assert.equal(await stage(page), 'The situation');
  await page.goForward();
  await waitFor(() => stage(page), (s) => s === 'Predict');
  // Leaving by the lesson's own button is a step too: Back returns to the lesson.
  await page.click('#lesson-exit');
  await page.waitForSelector('.workbench');
  await page.goBack();
  await page.waitForSelector('#lesson');
  assert.equal(await stage(page), 'Predict');
  // Home and End: the first step and the last (the vote was made).
  await page.locator('#stage-title').focus();
  await page.keyboard.press('End');
  await waitFor(() => stage(page), (s) => s === 'Discussion');
  await page.keyboard.press('Home');
  await waitFor(() => stage(page), (s) => s === 'The situation');
  // The lesson's own link, for a class, from inside it (presenting hides the bar).
  await page.click('#lesson-copy-link');
  const said = await waitFor(() => page.textContent('#notice').catch(() => ''), (t) => /Link copied|address bar/.test(t));
  assert.match(said, /Link copied: it opens this lesson at this step|The link is in the address bar/);
  assert.ok(page.url().includes('lesson=lock-in&step=1'), page.url());
  assert.deepEqual(problems, []);
  await context.close();
});

test('on the workbench, a tap reads a month and playback hides the months to come', async () => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    locale: 'en-GB',
  });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  const canvas = await page.waitForSelector('#chart-active');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const readout = '.chart-active .readout';
  await page.touchscreen.tap(box.x + box.width * 0.5, box.y + box.height * 0.6);
  const tapped = await waitFor(() => page.innerText(readout), (t) => /^Month \d+:/.test(t));
  assert.match(tapped, /^Month \d+:/, 'a tap reads a month');
  // At month 10 of playback, pointing far right reads month 10, not the horizon.
  await page.click('#step-back');
  for (let i = 0; i < 3; i++) await page.click('#step-back');
  const shown = parseInt((await page.innerText(readout)).match(/Month (\d+)/)[1], 10);
  await page.touchscreen.tap(box.x + box.width * 0.97, box.y + box.height * 0.6);
  const far = await page.innerText(readout);
  const month = parseInt(far.match(/Month (\d+)/)[1], 10);
  assert.ok(month <= 60 - 4, `read month ${month} past the month shown (${shown})`);
  await page.focus('.chart-active .plot');
  await page.keyboard.press('End');
  const end = parseInt((await page.innerText(readout)).match(/Month (\d+)/)[1], 10);
  assert.ok(end <= 60 - 4, `End read month ${end}`);
  assert.deepEqual(problems, []);
  await context.close();
});
