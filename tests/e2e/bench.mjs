// Browser benchmark of the release build (not a test: it prints numbers).
//   make bench-browser
// 0. Cold load: a fresh browser context (no HTTP cache, no service worker), from
//    navigation to the first chart drawn; once more at 1.6 Mbit/s.
// 1. Engine speed in Chromium, in simulation workers (five runs each): the
//    `fideliza bench` reference scenario, beside the same run natively.
// 2. Lever to redrawn charts: 10,000 customers x 60 months x 1 replication.
// 3. 100 replications of 10,000 customers x 60 months in the worker pool, with
//    progress; then with 1 worker and with 2 (`?workers=N`), three times each.
// 4. A full tornado (every lever at both ends, 4 replications each) of the first
//    visit's scenario B, in the worker pool.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSite, launchBrowser, linkOf, savedWorkbench } from './harness.mjs';

// The command line's release build (`make bench-browser` builds it).
const NATIVE = fileURLToPath(new URL('../../target/release/fideliza', import.meta.url));

// Gzipped responses with GitHub Pages' caching headers, as Pages sends them.
const site = await startSite('/fideliza/', { gzip: true, pages: true });
const browser = await launchBrowser();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * One cold load in a fresh context: milliseconds from the start of navigation to the
 * first paint (the loading screen), to the app mounted, to scenario A's line first
 * drawn on the retention chart (results of the first replications) and to the chart
 * drawn from finished results (results current, the line drawn), timed in the page on
 * every animation frame.
 */
async function coldLoad(url = site.url) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.addInitScript(() => {
    const check = () => {
      if (window.__mounted === undefined && document.body && !document.querySelector('#boot')) {
        window.__mounted = performance.now();
      }
      const canvas = document.querySelector('#chart-retention');
      if (canvas && canvas.width > 0) {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        // Scenario A's line (rgb 0, 114, 178), not just the axes: more than 200 pixels.
        let line = 0;
        for (let i = 0; i < data.length && line <= 200; i += 4) {
          if (data[i + 3] !== 0 && data[i] < 24 && Math.abs(data[i + 1] - 114) < 24 && Math.abs(data[i + 2] - 178) < 24) line++;
        }
        if (line > 200) {
          window.__firstInk ??= performance.now();
          if (document.querySelector('.runbar[data-run="current"]')) {
            window.__firstChart = performance.now();
            return;
          }
        }
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__firstChart !== undefined, null, { timeout: 120_000, polling: 100 });
  const t = await page.evaluate(() => ({
    chart: window.__firstChart,
    ink: window.__firstInk,
    mounted: window.__mounted,
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  }));
  await context.close();
  return t;
}

const cold = [];
for (let i = 0; i < 5; i++) cold.push(await coldLoad());
console.log(`cold load, local server (5 fresh contexts): first paint median ${median(cold.map((t) => t.paint)).toFixed(0)} ms; app mounted median ${median(cold.map((t) => t.mounted)).toFixed(0)} ms; first line on the chart median ${median(cold.map((t) => t.ink)).toFixed(0)} ms; first chart drawn (results current) median ${median(cold.map((t) => t.chart)).toFixed(0)} ms, max ${Math.max(...cold.map((t) => t.chart)).toFixed(0)} ms`);
// The same site over one 1.6 Mbit/s link with 150 ms of latency, shared by the page,
// its workers and its service worker.
const slowSite = await startSite('/fideliza/', { gzip: true, pages: true, link: { bitsPerSecond: 1.6e6, latencyMs: 150 } });
const slow = await coldLoad(slowSite.url);
await slowSite.close();
console.log(`cold load at 1.6 Mbit/s, 150 ms latency (one link for the page, its workers and its offline copy): first paint ${slow.paint.toFixed(0)} ms (the loading screen), app mounted ${slow.mounted.toFixed(0)} ms, first line on the chart ${slow.ink.toFixed(0)} ms, first chart drawn ${slow.chart.toFixed(0)} ms`);
// A first visit's whole download: the page, its workers and the offline copy the
// service worker keeps (taken from the HTTP cache, not downloaded again).
const firstSent = site.sent.length;
const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
await page.goto(site.url);
await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 60_000 });
const visit = site.sent.slice(firstSent);
const visitKB = visit.reduce((sum, r) => sum + r.bytes, 0) / 1000;
console.log(`first visit, offline copy included: ${visitKB.toFixed(0)} KB in ${visit.filter((r) => r.status === 200).length} downloads (${visit.filter((r) => r.status === 304).length} answered 304)`);

/**
 * The same reference run natively (`fideliza bench --scaling no`, median of five), so
 * the browser's speed is compared with native code timed in the same minute: this
 * machine's speed drifts by several percent over an hour, and differs between machines.
 */
function nativeRate(customers, months) {
  const out = execFileSync(NATIVE, ['bench', '--customers', String(customers), '--months', String(months), '--scaling', 'no'], { encoding: 'utf8' });
  const m = out.match(/= ([0-9.]+) M customer-months\/s/);
  if (!m) throw new Error(`no rate in the native bench's output:\n${out}`);
  return Number(m[1]);
}

// Each size in three simulation workers, five runs in each (as the native bench times
// five runs in one process: a new worker's first run also pays for compiling the
// module's hot code, which the pool's long-lived workers pay once), between two native
// runs; the median of the fifteen is reported, with each worker's median and first run,
// and its ratio to native.
for (const [customers, months] of [[10_000, 120], [100_000, 120]]) {
  const before = nativeRate(customers, months);
  const rates = [];
  const workers = [];
  for (let i = 0; i < 3; i++) {
    const r = JSON.parse(await page.evaluate(([c, m]) => window.wasmBindings.fideliza_bench(c, m, 5), [customers, months]));
    if (!r.ok) throw new Error('the engine failed in the browser');
    const runs = r.seconds.map((t) => (customers * months) / Math.max(t, 1e-9) / 1e6);
    rates.push(...runs);
    workers.push(`${median(runs).toFixed(1)} (first ${runs[0].toFixed(1)})`);
  }
  const native = (before + nativeRate(customers, months)) / 2;
  console.log(`engine in Chromium (in a simulation worker of its own, the worker's speed-profile wasm): ${customers} customers x ${months} months: median ${median(rates).toFixed(1)} M customer-months/s over 3 workers x 5 runs (workers' medians ${workers.join(', ')}); native ${native.toFixed(1)} M just before and after: ${(median(rates) / native).toFixed(2)} of native`);
}

async function setLever(id, value) {
  const field = page.locator(id);
  await page.evaluate((id) => {
    const el = document.querySelector(id);
    el.closest('details').open = true;
  }, id);
  await field.fill(String(value));
  await field.press('Enter');
}

// One scenario, 10k x 60, 1 replication.
await page.click('#tab-1');
await page.click('#delete');
await setLever('#lever-customers', 10000);
await setLever('#lever-horizon-months', 60);
const setup = await page.evaluate(() => ({
  scenarios: document.querySelectorAll('.tab').length,
  customers: document.querySelector('#lever-customers').value,
  horizon: document.querySelector('#lever-horizon-months')?.value,
}));
console.log('set-up for the timings:', JSON.stringify(setup));
// 100 replications in the worker, with the progress bar moving.
await page.fill('#replications', '100');
const hundred = await page.evaluate(async () => {
  const t0 = performance.now();
  const seen = new Set();
  document.querySelector('#replications').dispatchEvent(new Event('change', { bubbles: true }));
  await new Promise((r) => setTimeout(r, 300));
  while (document.querySelector('.runbar').dataset.run !== 'current') {
    const p = document.querySelector('#run-progress');
    if (p) seen.add(p.value);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { seconds: (performance.now() - t0) / 1000, values: seen.size };
});
console.log(`100 replications of 10,000 x 60 in the worker pool: ${hundred.seconds.toFixed(2)} s, progress bar showed ${hundred.values} distinct values`);

// The same with 1 worker and with 2, each on a page of its own (alternating, 3 each).
const workbench = await savedWorkbench(page);
workbench.replications = 1;
const oneRunLink = linkOf(workbench);
async function hundredWith(workers) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const p = await context.newPage();
  await p.goto(`${site.url}?workers=${workers}#${oneRunLink}`);
  await p.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  await p.fill('#replications', '100');
  // Waits on a MutationObserver rather than polling: on two cores a poll every few
  // milliseconds takes time from the workers being timed.
  const seconds = await p.evaluate(async () => {
    const bar = () => document.querySelector('.runbar');
    const before = bar().dataset.revision;
    const done = () => bar().dataset.revision !== before && bar().dataset.run === 'current';
    const t0 = performance.now();
    const finished = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (done()) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-run', 'data-revision'] });
    });
    document.querySelector('#replications').dispatchEvent(new Event('change', { bubbles: true }));
    return ((await finished) - t0) / 1000;
  });
  await context.close();
  return seconds;
}
const pool = { 1: [], 2: [] };
for (let i = 0; i < 3; i++) {
  for (const w of [1, 2]) pool[w].push(await hundredWith(w));
}
const [one, two] = [median(pool[1]), median(pool[2])];
console.log(`100 replications of 10,000 x 60: 1 worker median ${one.toFixed(2)} s (${pool[1].map((x) => x.toFixed(2)).join(', ')}), 2 workers median ${two.toFixed(2)} s (${pool[2].map((x) => x.toFixed(2)).join(', ')}): ${(one / two).toFixed(2)}x`);
await page.fill('#replications', '1');
await page.press('#replications', 'Enter');
await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });

// Lever to redrawn chart: change the customers lever (10,000 <-> 10,010, a real change
// every time) and time until the retention canvas changes.
const samples = [];
let timedOut = 0;
for (let i = 0; i < 8; i++) {
  const { ms, changed } = await page.evaluate(async () => {
    const canvas = document.querySelector('#chart-retention');
    const before = canvas.toDataURL();
    const input = document.querySelector('#lever-customers');
    const now = Number(input.value.replace(/\D/g, ''));
    const t0 = performance.now();
    input.value = String(now === 10000 ? 10010 : 10000);
    input.dispatchEvent(new Event('change', { bubbles: true }));
    while (canvas.toDataURL() === before && performance.now() - t0 < 5000) {
      await new Promise((r) => requestAnimationFrame(r));
    }
    return { ms: performance.now() - t0, changed: canvas.toDataURL() !== before };
  });
  if (!changed) timedOut++;
  samples.push(ms);
  await page.waitForSelector('.runbar[data-run="current"]');
}
console.log(`lever to redrawn chart, 10,000 x 60 x 1 replication (the run starts at the edit), ${samples.length} changes: median ${median(samples).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms, min ${Math.min(...samples).toFixed(0)} ms${timedOut ? ` (${timedOut} not redrawn within 5 s)` : ''}`);

// A full tornado of the first visit's scenario B (the default study: 4 replications of
// every variant), in the worker pool.
{
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const p = await context.newPage();
  await p.goto(site.url);
  await p.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  await p.click('#sensitivity summary');
  const t0 = Date.now();
  await p.click('#study-tornado');
  await p.waitForSelector('#study-progress', { timeout: 10_000 });
  const shown = Date.now() - t0;
  await p.waitForSelector('#chart-tornado', { timeout: 600_000 });
  const seconds = (Date.now() - t0) / 1000;
  const levers = await p.$$eval('#study-swings li', (l) => l.length);
  const b = (await savedWorkbench(p)).scenarios[1];
  const scenario = `${b.customers} customers x ${b.horizon_months} months`;
  console.log(`full tornado of the first visit's scenario B (${scenario}, ${levers} levers, ${2 * levers + 1} variants x 4 replications): ${seconds.toFixed(1)} s in the worker pool (progress shown after ${shown} ms)`);
  await context.close();
}

await browser.close();
await site.close();
