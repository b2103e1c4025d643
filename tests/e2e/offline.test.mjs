// Offline after the first visit (static/sw.js): the release build under /fideliza/,
// in headless Chromium. A reload with the network gone still draws the charts, and a
// new deployment replaces the old one cleanly (new version on the page, old cache gone).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite, launchBrowser, watch, canvasInk, waitFor, DIST } from './harness.mjs';

const RETENTION = '#chart-retention';
let browser;
let scratch;

before(async () => {
  browser = await launchBrowser();
  scratch = await mkdtemp(join(tmpdir(), 'fideliza-offline-'));
});

after(async () => {
  await browser?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The charts drawn: results current and scenario A's line on the retention chart. */
async function chartDrawn(page, timeout = 60_000) {
  await page.waitForSelector('.runbar[data-run="current"]', { timeout });
  const ink = await waitFor(() => canvasInk(page, RETENTION), (i) => i && i.colour > 200, timeout);
  assert.ok(ink && ink.colour > 200, `retention chart blank: ${JSON.stringify(ink)}`);
}

/** Waits until a service worker controls the page (installed, precached, activated). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, {
    timeout: 60_000,
  });
}

/** Evaluates `fn` in the page, retrying while the page reloads itself. */
async function settle(page, fn, accept, timeoutMs = 60_000) {
  return waitFor(
    () => page.evaluate(fn).catch(() => undefined),
    (v) => v !== undefined && accept(v),
    timeoutMs,
  );
}

const buildOf = (sw) => sw.match(/const BUILD = '([^']+)'/)?.[1];

/** A copy of the release build, the site as deployed once. */
async function deployment(name) {
  const dir = join(scratch, name);
  await cp(DIST, dir, { recursive: true });
  return dir;
}

/**
 * The same site deployed again as a new build: another build id in the service worker
 * (as scripts/sw-manifest.sh writes for any change) and a page that says which build.
 */
async function nextDeployment(from, name) {
  const dir = join(scratch, name);
  await cp(from, dir, { recursive: true });
  const sw = await readFile(join(dir, 'sw.js'), 'utf8');
  const build = buildOf(sw);
  assert.ok(build, 'sw.js carries no build id: did the post_build hook run?');
  await writeFile(join(dir, 'sw.js'), sw.replaceAll(build, `${build}next`));
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  await writeFile(
    join(dir, 'index.html'),
    html.replace('<head>', '<head><meta name="fideliza-test-deployment" content="next" />'),
  );
  // A new worker too, named as the last one (as every build's is): it says which it is.
  const worker = await readFile(join(dir, 'worker.js'), 'utf8');
  await writeFile(join(dir, 'worker.js'), `${worker}\nglobalThis.fidelizaTestDeployment = 'next';\n`);
  // As scripts/sw-manifest.sh would write it for the changed worker: a new worker id.
  const page = await readFile(join(dir, 'index.html'), 'utf8');
  const id = page.match(/name="fideliza-worker" content="([0-9a-f]{16})"/)?.[1];
  assert.ok(id, 'index.html carries no worker id: did the post_build hook run?');
  const newId = [...id].reverse().join('') === id ? id.replace(/^./, (c) => (c === '0' ? '1' : '0')) : [...id].reverse().join('');
  await writeFile(join(dir, 'index.html'), page.replace(`content="${id}"`, `content="${newId}"`));
  return { dir, build: `${build}next` };
}

test('after the first visit, a reload with the network gone still draws the charts', { timeout: 180_000 }, async () => {
  // Served as GitHub Pages serves it: gzipped, with its caching headers.
  const site = await startSite('/fideliza/', { root: await deployment('first'), gzip: true, pages: true });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  let siteOpen = true;
  try {
    const page = await context.newPage();
    const problems = watch(page);
    // What the run bar said when the page registered its service worker.
    await page.addInitScript(() => {
      const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
      navigator.serviceWorker.register = (...args) => {
        window.__runAtRegister = document.querySelector('[data-run]')?.dataset.run ?? 'none';
        return register(...args);
      };
    });
    await page.goto(site.url);
    await chartDrawn(page);
    await controlled(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope ?? null);
    assert.ok(scope?.endsWith('/fideliza/'), `service worker scope ${scope}, not the subpath`);
    // A first visit installs its offline copy once the first run is over, not while the
    // page starts its workers and runs.
    assert.equal(await page.evaluate(() => window.__runAtRegister), 'current', 'the run bar when the service worker was registered');
    assert.deepEqual(problems, [], 'console errors or failed requests online');
    // The offline copy took the files the page had just downloaded from the HTTP
    // cache: the first visit downloaded each file once, not once more for the copy.
    const downloads = new Map();
    for (const { path, status, bytes } of site.sent) {
      if (status === 200) downloads.set(path, [...(downloads.get(path) ?? []), bytes]);
    }
    const twice = [...downloads].filter(([, sizes]) => sizes.length > 1);
    assert.deepEqual(twice, [], 'files downloaded more than once on the first visit');
    assert.ok(downloads.has('/fideliza/worker_bg.wasm') && downloads.has('/fideliza/sw.js'), [...downloads.keys()].join(' '));

    // The network is gone: the browser is offline and the server has stopped.
    await context.setOffline(true);
    await site.close();
    siteOpen = false;
    const before = site.requests.length;
    const failed = await page.reload({ waitUntil: 'load', timeout: 30_000 }).then(
      () => null,
      (err) => err.message,
    );
    assert.equal(failed, null, 'offline, the reload failed');
    await chartDrawn(page, 30_000);
    assert.equal(await page.locator('#boot').count(), 0, 'the loading screen stayed up');
    assert.equal(site.requests.length, before, 'the server was asked while offline');

    // The app works offline, not just its first paint: a lever change re-runs the worker.
    const ink = await canvasInk(page, RETENTION);
    await page.evaluate(() => {
      const input = document.querySelector('#lever-customers');
      input.closest('details').open = true;
      input.value = String(Number(input.value.replace(/\D/g, '')) + 500);
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const redrawn = await waitFor(() => canvasInk(page, RETENTION), (i) => i && i.hash !== ink.hash, 30_000);
    assert.notEqual(redrawn.hash, ink.hash, 'offline, a lever change did not redraw the chart');
    await chartDrawn(page);
  } finally {
    await context.close();
    if (siteOpen) await site.close();
  }
});

test('a new deployment replaces the old one: new version on the page, old cache gone', { timeout: 180_000 }, async () => {
  const first = await deployment('v1');
  const next = await nextDeployment(first, 'v2');
  const firstBuild = buildOf(await readFile(join(first, 'sw.js'), 'utf8'));
  const site = await startSite('/fideliza/', { root: first, gzip: true, pages: true });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  try {
    const page = await context.newPage();
    await page.goto(site.url);
    await chartDrawn(page);
    await controlled(page);
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`fideliza-${firstBuild}`]);

    // Deploy the next build; the next visit (a reload) finds it. The page that comes
    // from the network first, still under the old service worker, runs the new
    // worker: not the old one, which the HTTP cache holds for 10 minutes
    // (GitHub Pages' max-age) under the same name.
    // Each worker, once started (its message handler set), says which it is.
    const ran = [];
    page.on('worker', (worker) => {
      ran.push(
        worker
          .evaluate(async () => {
            for (let i = 0; i < 200 && typeof self.onmessage !== 'function'; i++) {
              await new Promise((ok) => setTimeout(ok, 25));
            }
            return typeof self.onmessage === 'function' ? (globalThis.fidelizaTestDeployment ?? 'old') : 'not started';
          })
          .catch(() => 'closed'),
      );
    });
    site.setRoot(next.dir);
    await page.reload();
    const state = () =>
      caches.keys().then((keys) => ({
        page: document.querySelector('meta[name="fideliza-test-deployment"]')?.content ?? 'old page',
        keys,
        sw: navigator.serviceWorker.controller?.state ?? null,
      }));
    const done = (s) =>
      s.page === 'next' && s.sw === 'activated' && s.keys.length === 1 && s.keys[0] === `fideliza-${next.build}`;
    const seen = await settle(page, state, done);
    assert.ok(seen && done(seen), `did not end on the new deployment: ${JSON.stringify(seen)}`);
    await chartDrawn(page);
    const workers = await Promise.all(ran);
    assert.ok(workers.includes('next'), `no new worker ran: ${workers}`);
    assert.ok(!workers.includes('old'), `an old worker ran under the new page: ${workers}`);

    // The new version is what works offline now.
    await context.setOffline(true);
    await page.reload({ waitUntil: 'load', timeout: 30_000 });
    await chartDrawn(page, 30_000);
    assert.equal(
      await page.evaluate(() => document.querySelector('meta[name="fideliza-test-deployment"]')?.content),
      'next',
      'offline, the old version came back',
    );
  } finally {
    await context.close();
    await site.close();
  }
});

test('without a service worker too, the page of a new deployment runs the new worker', { timeout: 180_000 }, async () => {
  const first = await deployment('plain-v1');
  const next = await nextDeployment(first, 'plain-v2');
  const site = await startSite('/fideliza/', { root: first, gzip: true, pages: true });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB', serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(site.url);
    await chartDrawn(page);
    // The worker's files come with the build's worker id, so the HTTP cache (which keeps
    // them for 10 minutes) cannot hand a later build's page these ones.
    const id = await page.evaluate(() => document.querySelector('meta[name="fideliza-worker"]').content);
    assert.match(id, /^[0-9a-f]{16}$/);
    const said = [];
    page.on('worker', (worker) => {
      said.push(worker.evaluate(() => globalThis.fidelizaTestDeployment ?? 'old').catch(() => 'closed'));
    });
    site.setRoot(next.dir);
    await page.reload();
    await chartDrawn(page);
    assert.equal(await page.evaluate(() => document.querySelector('meta[name="fideliza-test-deployment"]')?.content), 'next');
    const workers = await Promise.all(said);
    assert.ok(workers.length > 0 && workers.every((w) => w === 'next'), `workers under the new page: ${workers}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await site.close();
  }
});

test('if the simulation worker cannot load, the page says so and a reload recovers', { timeout: 120_000 }, async () => {
  const site = await startSite('/fideliza/');
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB', serviceWorkers: 'block' });
  try {
    const page = await ctx.newPage();
    const problems = watch(page);
    // A dropped connection or a half-finished deployment: the worker's wasm is missing.
    await ctx.route('**/worker_bg.wasm*', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(site.url);
    // The app itself loads and asks for a run, which no worker answers.
    await page.waitForSelector('.runbar[data-run="running"]', { timeout: 60_000 });
    await page.waitForSelector('#notice', { timeout: 30_000 });
    assert.match(await page.innerText('#notice'), /simulation has not started: its files did not arrive/);
    assert.equal(await page.getAttribute('#notice', 'role'), 'alert');
    // The connection is back: "Reload" runs the simulation.
    await ctx.unroute('**/worker_bg.wasm*');
    await page.click('#reload');
    await chartDrawn(page);
    assert.equal(await page.$('#notice'), null);
    // The only complaint was the missing file, in the worker.
    assert.ok(problems.every((p) => /wasm|404|Wasm/.test(p)), JSON.stringify(problems));
  } finally {
    await ctx.close();
    await site.close();
  }
});
