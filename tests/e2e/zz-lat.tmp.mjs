import { startSite, launchBrowser } from './harness.mjs';
const roots = (process.env.ROOTS ?? 'dist').split(',');
const sites = await Promise.all(roots.map((r) => startSite('/fideliza/', { root: r, gzip: true })));
const browser = await launchBrowser();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
async function one(site) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  const setLever = async (id, value) => {
    await page.evaluate((id) => { document.querySelector(id).closest('details').open = true; }, id);
    await page.locator(id).fill(String(value)); await page.locator(id).press('Enter');
  };
  await page.click('#tab-1'); await page.click('#delete');
  await setLever('#lever-customers', 10000); await setLever('#lever-horizon-months', 60);
  await page.fill('#replications', '1'); await page.press('#replications', 'Enter');
  await page.waitForTimeout(500);
  await page.waitForSelector('.runbar[data-run="current"]');
  const cdp = await context.newCDPSession(page); await cdp.send('Performance.enable');
  const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m0 = await metric();
  const samples = [];
  for (let i = 0; i < 12; i++) {
    const { ms } = await page.evaluate(async () => {
      const canvas = document.querySelector('#chart-retention');
      const before = canvas.toDataURL();
      const input = document.querySelector('#lever-customers');
      const now = Number(input.value.replace(/\D/g, ''));
      const t0 = performance.now();
      input.value = String(now === 10000 ? 10010 : 10000);
      input.dispatchEvent(new Event('change', { bubbles: true }));
      while (canvas.toDataURL() === before && performance.now() - t0 < 5000) await new Promise((r) => requestAnimationFrame(r));
      return { ms: performance.now() - t0 };
    });
    samples.push(ms);
    await page.waitForSelector('.runbar[data-run="current"]');
    await page.waitForTimeout(150);
  }
  const m1 = await metric();
  await context.close();
  return { med: median(samples), max: Math.max(...samples), layouts: (m1.LayoutCount - m0.LayoutCount) / 12, layoutMs: 1000 * (m1.LayoutDuration - m0.LayoutDuration) / 12, styleMs: 1000 * (m1.RecalcStyleDuration - m0.RecalcStyleDuration) / 12, scriptMs: 1000 * (m1.ScriptDuration - m0.ScriptDuration) / 12 };
}
for (let k = 0; k < Number(process.env.N ?? 3); k++) {
  for (let j = 0; j < roots.length; j++) {
    const r = await one(sites[j]);
    console.log(roots[j], `median ${r.med.toFixed(0)} max ${r.max.toFixed(0)} | per change: layouts ${r.layouts.toFixed(1)}, layout ${r.layoutMs.toFixed(1)} ms, style ${r.styleMs.toFixed(1)} ms, script ${r.scriptMs.toFixed(1)} ms`);
  }
}
await browser.close(); for (const s of sites) await s.close(); process.exit(0);
