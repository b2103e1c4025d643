import { startSite, launchBrowser } from './harness.mjs';
const site = await startSite('/fideliza/');
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
await page.goto(site.url);
await page.waitForSelector('.verdict', { timeout: 120000 });
// Turn the save desk on in B and show its notices.
await page.click('text=B · 24-month lock-in').catch(() => {});
await page.selectOption('#explore-series', 'save_left');
await page.waitForTimeout(3000);
const card = await page.$('.chart-explore');
await card.screenshot({ path: '/tmp/shots/explore.png' });
console.log('errors', errors);
await browser.close(); await site.close();
