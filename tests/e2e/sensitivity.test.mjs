// Which lever matters (issue 10): the tornado, the two-lever map and the break-even,
// run in the worker pool with progress and Cancel; a bar opens its lever.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, watch, axeCheck, screenshot, linkOf, savedWorkbench } from './harness.mjs';

let browser;
let site;
let link;

before(async () => {
  browser = await launchBrowser();
  site = await startSite('/fideliza/');
  // The first visit's two scenarios, small enough for a quick tornado.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(site.url);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  const wb = await savedWorkbench(page);
  await ctx.close();
  for (const s of wb.scenarios) {
    s.customers = 1000;
    s.horizon_months = 24;
  }
  wb.replications = 2;
  link = linkOf(wb);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function open(lang = 'en-GB') {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: lang });
  const page = await ctx.newPage();
  const problems = watch(page);
  await page.goto(`${site.url}#${link}`);
  await page.waitForSelector('.runbar[data-run="current"]', { timeout: 60_000 });
  if (lang.startsWith('es') && (await page.getAttribute('html', 'lang')) !== 'es') {
    await page.click('#language');
  }
  await page.click('#sensitivity summary');
  return { ctx, page, problems };
}

test('the tornado ranks the levers, says what it found, and a bar opens its lever', { timeout: 300_000 }, async () => {
  const { ctx, page, problems } = await open();
  try {
    await page.fill('#study-replications', '2');
    await page.press('#study-replications', 'Tab');
    const t0 = Date.now();
    await page.click('#study-tornado');
    await page.waitForSelector('#study-progress', { timeout: 2_000 });
    const shown = Date.now() - t0;
    await page.waitForSelector('#chart-tornado', { timeout: 240_000 });
    const summary = await page.textContent('#study-summary');
    const first = await page.textContent('#swing-0');
    assert.ok(summary.includes(`"${first}"`), `${summary} names the first lever ${first}`);
    const idle = await page.$$eval('#study-swings li', (items) => items.length);
    assert.match(summary, new RegExp(`of ${idle} levers`));
    // Bars are drawn, widest first (the list is the chart's order).
    await page.locator('#chart-tornado').scrollIntoViewIfNeeded();
    await screenshot(page, 'sensitivity-tornado.png');

    // The list's first button opens that lever in the editor, with the focus in it.
    await page.click('#swing-0');
    await page.waitForFunction(() => document.activeElement?.id?.startsWith('lever-'), null, { timeout: 5_000 });
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return { id: el.id, label: document.querySelector(`label[for="${el.id}"]`)?.textContent ?? '', open: el.closest('details')?.open };
    });
    assert.ok(focused.open, 'its panel is open');
    assert.ok(first.startsWith(focused.label.trim()) || focused.label.includes(first.split(' · ')[0]), `${first} vs ${focused.label}`);

    // A click on the chart's second bar opens the second lever.
    await page.evaluate(() => document.activeElement.blur());
    const second = await page.textContent('#swing-1');
    const bars = await page.$$eval('#study-swings li', (l) => Math.min(l.length, 12));
    // Probe down the chart (the rows share the plot below the title and legend).
    let opened = null;
    for (let f = 0.15; f < 0.95 && !opened; f += 1 / (bars * 4)) {
      await page.locator('#chart-tornado').scrollIntoViewIfNeeded();
      const box = await page.locator('#chart-tornado').boundingBox();
      await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * f);
      await page.waitForTimeout(60);
      const id = await page.evaluate(() => document.activeElement?.id ?? '');
      if (id.startsWith('lever-')) {
        const label = await page.evaluate((id) => document.querySelector(`label[for="${id}"]`)?.textContent ?? '', id);
        if (second.startsWith(label.trim()) || label.includes(second.split(' · ')[0])) opened = label;
        await page.evaluate(() => document.activeElement.blur());
      }
    }
    assert.ok(opened, `a click on the second bar opens ${second}`);
    console.log(`tornado: progress shown ${shown} ms after the click`);
    assert.deepEqual(problems, []);
  } finally {
    await ctx.close();
  }
});

// The map's pickers keep the levers of the map on screen: a finished tornado suggests
// its two widest levers, and mapping them must not put the pickers back on the first two
// levers of the list (a second click would then map levers nobody chose).
test('after a tornado, mapping its suggested levers keeps them in the pickers', { timeout: 300_000 }, async () => {
  const { ctx, page, problems } = await open();
  try {
    const first = async () => [await page.inputValue('#study-x'), await page.inputValue('#study-y')];
    const before = await first();
    await page.fill('#study-replications', '1');
    await page.press('#study-replications', 'Tab');
    await page.click('#study-tornado');
    await page.waitForSelector('#chart-tornado', { timeout: 240_000 });
    const suggested = await first();
    const names = await page.$$eval('#study-x option:checked, #study-y option:checked', (o) => o.map((x) => x.textContent));
    // The first visit's scenario has levers that beat the list's first two.
    assert.notDeepEqual(suggested, before, 'the tornado suggests its widest levers');
    await page.click('#study-heatmap');
    await page.waitForSelector('#chart-heatmap', { timeout: 240_000 });
    assert.deepEqual(await first(), suggested, 'the pickers still show the levers mapped');
    const summary = await page.textContent('#study-summary');
    for (const name of names) assert.ok(summary.includes(name), `${summary} names ${name}`);
    // A lever picked by hand stays picked after its map.
    const other = await page.$eval('#study-y', (s) => [...s.options].map((o) => o.value).find((v) => v !== s.value && v !== document.querySelector('#study-x').value));
    await page.selectOption('#study-y', other);
    await page.click('#study-heatmap');
    await page.waitForSelector('#study-progress', { timeout: 2_000 });
    await page.waitForSelector('#chart-heatmap', { timeout: 240_000 });
    assert.deepEqual(await first(), [suggested[0], other]);
    assert.deepEqual(problems, []);
  } finally {
    await ctx.close();
  }
});

test('a study can be cancelled at once; the map and the break-even read their numbers', { timeout: 300_000 }, async () => {
  const { ctx, page, problems } = await open('es-ES');
  try {
    await page.click('#study-tornado');
    await page.waitForSelector('#study-progress', { timeout: 2_000 });
    const t0 = Date.now();
    await page.click('#study-cancel');
    await page.waitForSelector('#study-status', { timeout: 1_000 });
    assert.match(await page.textContent('#study-status'), /cancelado/);
    console.log(`study cancelled in ${Date.now() - t0} ms`);

    await page.click('#study-heatmap');
    await page.waitForSelector('#chart-heatmap', { timeout: 120_000 });
    assert.match(await page.textContent('#study-summary'), /^Máximo: .*Mínimo: /);
    await screenshot(page, 'sensitivity-heatmap.png');

    await page.selectOption('#study-scenario', '1');
    await page.click('#study-break-even');
    await page.waitForSelector('#chart-break-even', { timeout: 120_000 });
    const text = await page.textContent('#study-summary');
    assert.match(text, /cruza el cero|no hay punto de equilibrio/, text);
    // B's lever against A: the sentence is about B − A, and A is what "Frente a" shows.
    assert.match(text, /^(B − A |B va )/, text);
    assert.equal(await page.inputValue('#study-baseline'), '0');
    await screenshot(page, 'sensitivity-break-even.png');

    // The scenario is not offered against itself; moving the scenario onto the
    // baseline moves the baseline, and the picker shows the one that runs.
    const offered = () => page.$$eval('#study-baseline option', (os) => os.map((o) => o.value));
    assert.deepEqual(await offered(), ['0']);
    await page.selectOption('#study-scenario', '0');
    assert.deepEqual(await offered(), ['1']);
    assert.equal(await page.inputValue('#study-baseline'), '1');
    await page.click('#study-break-even');
    await page.waitForFunction(
      () => /^(A − B |A va )/.test(document.querySelector('#study-summary')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    await screenshot(page, 'sensitivity-break-even-a-against-b.png');
    const axe = await axeCheck(page, { include: '#sensitivity' });
    assert.deepEqual(axe, [], JSON.stringify(axe, null, 1));
    assert.deepEqual(problems, []);
  } finally {
    await ctx.close();
  }
});
