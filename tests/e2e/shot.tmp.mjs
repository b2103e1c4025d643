import { startSite, launchBrowser } from './harness.mjs';
const site = await startSite('/fideliza/');
const browser = await launchBrowser();
const lang = process.argv[2] || 'en';
const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: lang === 'es' ? 'es-ES' : 'en-GB' });
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
await page.goto(site.url);
await page.waitForSelector('.about', { timeout: 60000 });
await page.waitForTimeout(40000); console.log('errors so far', errors); console.log(await page.evaluate(() => document.querySelector('.runbar')?.innerText));
await page.waitForTimeout(6000);
await page.screenshot({ path: `/tmp/shots/top-${lang}.png`, fullPage: false });
const about = await page.$('.about');
await about.screenshot({ path: `/tmp/shots/about-${lang}.png` });
for (const id of ['reputation', 'money', 'churn']) {
  const el = await page.$(`#chart-${id}`) || await page.$(`[data-chart="${id}"]`);
  if (el) await el.screenshot({ path: `/tmp/shots/${id}-${lang}.png` });
  else console.log('no element for', id);
}
console.log('errors', errors);
await browser.close(); await site.close();
