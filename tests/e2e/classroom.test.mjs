// Classroom and projector conditions, end to end in headless Chromium: a projector at
// 150% zoom (short windows), presenter mode on 1024x768 and 1280x720, printing the
// workbench and a lesson step, and forced colours (Windows' contrast themes).
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

async function open(hash, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'es-ES', ...options });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(site.url + hash);
  return { context, page, problems };
}

const ready = (page) => page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });

test('a short window (1280x720 at 150% zoom): the charts drawn in panels keep room to read', async () => {
  const { context, page, problems } = await open('', { viewport: { width: 853, height: 480 }, deviceScaleFactor: 1.5 });
  try {
    await ready(page);
    for (const id of ['chart-churn', 'chart-states', 'chart-flows']) {
      const h = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().height, id);
      // Its panels are one above the other beside the editor, and still fit the window.
      assert.ok(h >= 340 && h <= 480, `${id} is ${h} px tall`);
    }
    // Any chart is at least 240 px tall, and no wider than the window.
    const sizes = await page.evaluate(() => [...document.querySelectorAll('.chart canvas')].map((c) => {
      const r = c.getBoundingClientRect();
      return [c.id, r.width, r.height];
    }));
    for (const [id, w, h] of sizes) {
      assert.ok(h >= 240 && w <= 853, `${id}: ${w}x${h}`);
    }
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 853);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a tablet in portrait or a laptop at 150% zoom keeps the levers beside the charts', async () => {
  for (const [width, height] of [[853, 480], [768, 1024]]) {
    const { context, page, problems } = await open('', { viewport: { width, height } });
    try {
      await ready(page);
      // Open the lock-in's levers and go down to the chart they act on.
      await page.locator('#editor details.group summary').nth(2).click();
      await page.evaluate(() => {
        document.querySelector('#editor details.group[open] input').scrollIntoView({ block: 'nearest' });
        document.querySelector('.chart-states').scrollIntoView({ block: 'start' });
      });
      await page.waitForTimeout(200);
      const at = await page.evaluate(() => {
        const box = (e) => e.getBoundingClientRect();
        const editor = box(document.getElementById('editor'));
        const chart = box(document.getElementById('chart-states'));
        const lever = box(document.querySelector('#editor details.group[open] input'));
        return { editor, chart, lever, window: innerHeight };
      });
      const size = `${width}x${height}`;
      assert.ok(at.editor.right <= at.chart.left, `${size}: the editor ends at ${at.editor.right}, the chart starts at ${at.chart.left}`);
      assert.ok(at.editor.top >= 0 && at.editor.bottom <= at.window, `${size}: the editor is at ${at.editor.top}..${at.editor.bottom}`);
      assert.ok(at.lever.top >= 0 && at.lever.bottom <= at.window, `${size}: a lever is at ${at.lever.top}..${at.lever.bottom}`);
      assert.ok(at.chart.top >= 0 && at.chart.bottom <= at.window, `${size}: the chart is at ${at.chart.top}..${at.chart.bottom}`);
      // Narrower than two panels of 300 px, the chart stacks them with room for both.
      assert.ok(at.chart.width < 600 && at.chart.height >= 340, `${size}: the chart is ${at.chart.width}x${at.chart.height}`);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test("a card's buttons never cover the title drawn in its chart, whatever the card's width", { timeout: 120_000 }, async () => {
  for (const locale of ['en-GB', 'es-ES']) {
    const { context, page, problems } = await open('', { locale });
    try {
      await ready(page);
      // Beside the editor on a tablet, at the narrowest two-column window, a card just
      // under 600 px, and two columns of charts on a wide screen.
      for (const width of [701, 901, 960, 1600]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(300);
        const covered = await page.evaluate(() => {
          const out = [];
          const measure = document.createElement('canvas').getContext('2d');
          for (const card of document.querySelectorAll('.card')) {
            const canvas = card.querySelector('canvas');
            const tools = card.querySelector('.card-tools');
            const c = canvas.getBoundingClientRect();
            const b = tools.getBoundingClientRect();
            if (b.bottom <= c.top + 1) continue;
            // The title's first line as `charts::frame::header` sets and wraps it.
            const base = Math.min(18, Math.max(12, c.width / 50));
            const size = base * 1.3;
            const pad = Math.round(base * 0.8);
            let line = '';
            for (const word of card.querySelector('h3').textContent.split(' ')) {
              const longer = line ? `${line} ${word}` : word;
              if (line && [...longer].length * size * 0.56 > c.width - 2 * pad) break;
              line = longer;
            }
            measure.font = `${size}px sans-serif`;
            const end = c.left + pad + measure.measureText(line).width;
            if (end > b.left - 4) out.push(`${card.className}: "${line}" ends at ${Math.round(end)}, the buttons start at ${Math.round(b.left)}`);
          }
          return out;
        });
        assert.deepEqual(covered, [], `${locale} at ${width} px`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test('presenter mode shows a whole lesson step on a 1024x768 or 1280x720 projector, its chart as tall as the rest allows', { timeout: 180_000 }, async () => {
  for (const [width, height] of [[1024, 768], [1280, 720]]) {
    const { context, page, problems } = await open('#lesson=lock-in&step=3&lang=es&guess=b', { viewport: { width, height } });
    try {
      await page.waitForSelector('#lesson[data-run="done"]', { timeout: 60_000 });
      await page.click('#present');
      await page.waitForSelector('.presenting');
      // The reveal, the three explanations and the lever that flips it.
      for (let step = 3; step <= 7; step++) {
        await waitFor(() => page.getAttribute('#lesson', 'data-stage'), (s) => s !== null);
        await page.waitForSelector('.lesson canvas');
        await page.waitForTimeout(300);
        const fit = await page.evaluate(() => {
          const next = document.getElementById('lesson-next').getBoundingClientRect();
          return { page: document.documentElement.scrollHeight, window: innerHeight, next: next.bottom };
        });
        assert.ok(fit.page <= fit.window + 1, `${width}x${height}, step ${step}: page ${fit.page} px in a window of ${fit.window}`);
        assert.ok(fit.next <= fit.window, `${width}x${height}, step ${step}: Next ends at ${fit.next}`);
        // The chart takes the room the step's lines leave, none is left blank below
        // (a fixed share of the window left 85 px blank under a short step on 1280x720,
        // its plots shorter than outside presenter mode).
        assert.ok(fit.window - fit.next < 40, `${width}x${height}, step ${step}: ${fit.window - fit.next} px blank below Next`);
        // The month's read-out waits until the teacher points at the chart (its lines
        // were the plot's), then shows, the step still on one screen.
        if (step >= 4 && step <= 6) {
          assert.equal(await page.locator('.lesson-chart .readout').count(), 0, `step ${step}: read-out before pointing`);
          const plot = await page.locator('.lesson-chart .plot').boundingBox();
          // Inside A's panel of the charts drawn in two (the middle is between them).
          await page.mouse.move(plot.x + plot.width * 0.3, plot.y + plot.height / 2);
          await page.waitForSelector(".lesson-chart .readout", { timeout: 5000 }).catch(() => { throw new Error(`step ${step}: no read-out after pointing`); });
          const after = await page.evaluate(() => document.documentElement.scrollHeight);
          assert.ok(after <= fit.window + 1, `${width}x${height}, step ${step}: page ${after} px with the read-out`);
          await page.mouse.move(0, 0);
        }
        if (step < 7) {
          const shown = await page.getAttribute('#lesson', 'data-stage');
          await page.keyboard.press('ArrowRight');
          await waitFor(() => page.getAttribute('#lesson', 'data-stage'), (s) => s !== shown);
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test('a lesson step opens at its heading, and the focus is not lost on the last step', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open('#lesson=lock-in&step=5&lang=es&guess=b', { viewport: { width: 853, height: 480 }, deviceScaleFactor: 1.5 });
  try {
    await page.waitForSelector('#lesson[data-run="done"]', { timeout: 60_000 });
    await page.waitForSelector('.lesson canvas');
    for (let step = 5; step < 8; step++) {
      // Next is pressed from the bottom of the step, as a class scrolling down reads it.
      await page.locator('#lesson-next').scrollIntoViewIfNeeded();
      await page.click('#lesson-next');
      await waitFor(() => page.evaluate(() => document.getElementById('stage-title').textContent), (t) => t.includes(`${step + 1} / 8`));
      const top = await page.evaluate(() => document.getElementById('stage-title').getBoundingClientRect().top);
      assert.ok(top >= -1, `step ${step + 1}: its heading is ${top} px above the window`);
    }
    // Next is disabled on the last step: the focus went to the step's heading.
    assert.ok(await page.isDisabled('#lesson-next'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'stage-title');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('printing: the workbench prints its results without controls, charts in proportion', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open('');
  try {
    await ready(page);
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => {
      const visible = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getBoundingClientRect().height > 0);
      return {
        editor: visible('.editor'),
        runbar: visible('.runbar'),
        tools: visible('.card-tools'),
        charts: visible('.chart canvas'),
        verdict: visible('.verdict'),
      };
    });
    assert.deepEqual(shown, { editor: false, runbar: false, tools: false, charts: true, verdict: true });
    // Printing draws every chart, those never scrolled to included (charts out of view
    // wait to be drawn; the browser says "beforeprint" first, and so does page.pdf).
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000);
    // Each canvas is scaled to the paper as drawn: its displayed proportions are those
    // of its bitmap (within a pixel's rounding).
    const ratios = await page.evaluate(() => [...document.querySelectorAll('.chart canvas')]
      .map((c) => {
        const r = c.getBoundingClientRect();
        const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 200) ink++;
        return [c.id, r.width / r.height, c.width / c.height, ink / (c.width * c.height)];
      }));
    assert.ok(ratios.length >= 10, `${ratios.length} charts`);
    for (const [id, shownRatio, drawnRatio, ink] of ratios) {
      assert.ok(ink > 0.01, `${id}: not drawn for printing (${ink})`);
      assert.ok(Math.abs(shownRatio / drawnRatio - 1) < 0.02, `${id}: shown ${shownRatio.toFixed(3)}, drawn ${drawnRatio.toFixed(3)}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('forced colours: the selected scenario, the lesson open and the step shown keep a mark', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await open('', { forcedColors: 'active', colorScheme: 'dark' });
  try {
    await ready(page);
    const look = (sel) => page.evaluate((sel) => {
      const s = getComputedStyle(document.querySelector(sel));
      return `${s.backgroundColor} ${s.color}`;
    }, sel);
    assert.notEqual(await look('.tab.selected'), await look('.tab:not(.selected)'), 'scenario tabs');
    await page.click('#open-lesson-lock-in');
    await page.waitForSelector('#lesson');
    assert.notEqual(await look('.lesson-steps .step.current'), await look('.lesson-steps .step:not(.current)'), 'lesson steps');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
