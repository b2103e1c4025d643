// Browser benchmark of the release build (not a test: it prints numbers).
//   make bench-browser
// 1. Engine speed on the page's thread: the `fideliza bench` reference scenario.
// 2. Lever to redrawn charts: 10,000 customers x 60 months x 1 replication.
// 3. 100 replications of 10,000 customers x 60 months in the worker, with progress.
import { startSite, launchBrowser } from './harness.mjs';

const site = await startSite('/fideliza/');
const browser = await launchBrowser();
const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
await page.goto(site.url);
await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });

for (const [customers, months] of [[10_000, 120], [100_000, 120]]) {
  const r = JSON.parse(await page.evaluate(([c, m]) => window.wasmBindings.fideliza_bench(c, m), [customers, months]));
  console.log(`engine in Chromium (main thread): ${customers} customers x ${months} months: ${r.seconds} s, ${(r.customer_months_per_second / 1e6).toFixed(1)} M customer-months/s`);
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
console.log(`100 replications of 10,000 x 60 in the worker: ${hundred.seconds.toFixed(2)} s, progress bar showed ${hundred.values} distinct values`);
await page.fill('#replications', '1');
await page.press('#replications', 'Enter');
await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });

// Lever to redrawn chart: change a policy lever and time until the retention canvas changes.
const samples = [];
for (let i = 0; i < 8; i++) {
  const ms = await page.evaluate(async (i) => {
    const canvas = document.querySelector('#chart-retention');
    const before = canvas.toDataURL();
    const input = document.querySelector('#lever-customers');
    const t0 = performance.now();
    input.value = String(10000 + 10 * (i % 2));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    while (canvas.toDataURL() === before && performance.now() - t0 < 5000) {
      await new Promise((r) => requestAnimationFrame(r));
    }
    return performance.now() - t0;
  }, i);
  samples.push(ms);
  await page.waitForSelector('.runbar[data-run="current"]');
}
samples.sort((a, b) => a - b);
console.log(`lever to redrawn chart, 10,000 x 60 x 1 replication (includes the ${60} ms debounce): median ${samples[4].toFixed(0)} ms, min ${samples[0].toFixed(0)} ms, max ${samples[7].toFixed(0)} ms`);

await browser.close();
await site.close();
