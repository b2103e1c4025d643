import { startSite, launchBrowser, linkOf, savedWorkbench } from './harness.mjs';
const browser = await launchBrowser();
const site = await startSite('/fideliza/');
const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'es-ES' });
const page = await ctx.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
await page.goto(site.url);
await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
if ((await page.getAttribute('html', 'lang')) !== 'es') await page.click('#language');
await page.waitForTimeout(800);
const card = await page.$('#chart-retention');
if (card) { const c = await card.evaluateHandle((e) => e.closest('.card')); await c.asElement().screenshot({ path: '/tmp/shot-retention-es.png' }); }
await page.click('#sensitivity summary');
await page.waitForTimeout(300);
await (await page.$('#sensitivity')).screenshot({ path: '/tmp/shot-sens-es.png' });
await page.click('#calibrate summary');
await page.fill('#calibrate-table', 'año;a\n0;100\n1;63,1\n2;46,8\n3;38,2\n4;32,6\n5;28,9\n6;26,2\n7;24,1\n');
await page.selectOption('#calibrate-months', '12');
await page.click('#calibrate-fit');
await page.waitForTimeout(800);
await (await page.$('#calibrate')).screenshot({ path: '/tmp/shot-cal-es.png' });
// A broken link
const wb = await savedWorkbench(page);
wb.scenarios[0].customers = 'many';
await page.goto(`${site.url}#${linkOf(wb)}`);
await page.waitForTimeout(1500);
console.log('notice:', await page.evaluate(() => document.querySelector('.notice')?.innerText));
await browser.close();
await site.close();
