// The main path in a second engine: Debian's Firefox ESR through geckodriver (W3C
// WebDriver), on the release build served under /fideliza/. Open, see every chart,
// change a lever and see the charts change, copy the link and open it in a fresh
// browser (profile) with the same numbers, and stop a long run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from './harness.mjs';
import { startGeckodriver, Session } from './webdriver.mjs';

let site;
let driver;

before(async () => {
  site = await startSite('/fideliza/');
  driver = await startGeckodriver();
});
after(async () => {
  await driver?.stop();
  await site?.close();
});

/** A canvas's RGBA pixels, base64. */
function pixels(selector) {
  const c = document.querySelector(selector);
  const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
  let text = '';
  for (let i = 0; i < data.length; i += 8192) text += String.fromCharCode.apply(null, data.subarray(i, i + 8192));
  return btoa(text);
}

const isCurrent = () => document.querySelector('.runbar')?.dataset.run === 'current';

async function open(url) {
  const s = await Session.create(driver);
  await s.goto(url);
  await s.waitFor(isCurrent, 'the first results');
  return s;
}

test('Firefox: loads under the subpath, draws every chart, re-runs on a lever, shares a link', { timeout: 240_000 }, async () => {
  let first = await open(site.url);
  let second;
  try {
    for (const id of ['retention', 'active', 'market-share', 'churn', 'states', 'satisfaction', 'money', 'flows', 'difference']) {
      // Charts are drawn as they come near the window.
      await first.exec((sel) => document.querySelector(sel).scrollIntoView({ block: 'center' }), `#chart-${id}`);
      const ink = await first.waitFor(
        (sel) => {
          const c = document.querySelector(sel);
          if (!c || c.width === 0) return null;
          const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
          let ink = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 200) ink++;
          return ink * 100 > c.width * c.height ? ink : null;
        },
        `chart ${id} drawn`,
        20_000,
        `#chart-${id}`,
      );
      assert.ok(ink > 0);
    }
    await first.exec(() => window.scrollTo(0, 0));
    await first.screenshot('firefox-workbench.png');
    assert.deepEqual(site.requests.filter((p) => !p.startsWith('/fideliza/')), [], 'requests escaped the subpath');

    // A lever: scenario B's lock-in from 24 months to 12.
    const before = await first.exec(() => document.querySelector('#chart-retention').toDataURL());
    await first.click('#tab-1');
    await first.type('#lever-contract-term-months', '12');
    try {
      await first.waitFor(
        (sel, h) => document.querySelector('.runbar').dataset.run === 'current' &&
          document.querySelector(sel).toDataURL() !== h,
        'the retention chart to change',
        60_000,
        '#chart-retention',
        before,
      );
    } catch (err) {
      await first.screenshot('firefox-lever-failed.png');
      throw err;
    }

    // Copy link: the address bar holds the work; a fresh browser opens the same numbers.
    await first.type('#seed', '4242');
    await first.waitFor(isCurrent, 'results for the new seed');
    await first.click('#copy-link');
    await first.waitFor(() => location.hash.startsWith('#w1.'), 'the link in the address bar', 5_000);
    const url = await first.currentUrl();
    const pixelsA = await first.exec(pixels, '#chart-retention');
    // geckodriver runs one session at a time; the next one is a fresh browser profile.
    await first.close();
    first = null;
    second = await open(url);
    assert.equal(await second.exec(() => document.querySelector('#seed').value), '4242');
    const pixelsB = await second.exec(pixels, '#chart-retention');
    assert.equal(pixelsA.length, pixelsB.length);
    // The same numbers draw the same pixels. (Compared as pixels: two Firefox
    // processes may encode the same pixels into different PNG bytes.)
    let differ = 0;
    const a = Buffer.from(pixelsA, 'base64');
    const b = Buffer.from(pixelsB, 'base64');
    for (let i = 0; i < a.length; i += 4) {
      if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 48) differ++;
    }
    assert.equal(differ, 0, `${differ} pixels differ`);
  } finally {
    await first?.close();
    await second?.close();
  }
});

test('Firefox: a long run shows progress, and Cancel stays cancelled', { timeout: 120_000 }, async () => {
  const s = await open(site.url);
  try {
    await s.type('#replications', '500');
    await s.waitFor(() => Number(document.querySelector('#run-progress')?.value) > 0, 'progress', 20_000);
    await s.click('#cancel');
    await s.waitFor(() => document.querySelector('.runbar').dataset.run === 'cancelled', 'cancelled', 2_000);
    const states = new Set();
    const start = Date.now();
    while (Date.now() - start < 1500) {
      states.add(await s.exec(() => document.querySelector('.runbar').dataset.run));
    }
    assert.deepEqual([...states], ['cancelled']);
  } finally {
    await s.close();
  }
});
