// Shared pieces of the end-to-end tests: a static server for the release build mounted
// under a subpath (as GitHub Pages serves a project site), headless Chromium through
// playwright-core, and a watcher that records every console error and failed request.
import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
export const DIST = resolve(here, '../../dist');
export const ARTIFACTS = resolve(here, 'artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Serves DIST under `prefix` (e.g. "/fideliza/"); everything else is a 404.
 * `options.root` serves another directory instead, and the returned `setRoot(dir)`
 * switches directories while the server runs (a new deployment of the site).
 * `options.gzip` compresses responses for clients that accept it, as a static host does.
 * `options.pages` sends GitHub Pages' caching headers (`cache-control: max-age=600` and
 * an ETag, answering a matching `if-none-match` with 304), so the browser's HTTP cache
 * behaves as it does on the real site. `sent` lists every response: path, status and
 * body bytes. `options.link` ({ bitsPerSecond, latencyMs }) sends every response over
 * one shared slow link: each waits the latency, then all bodies share the bandwidth, as
 * a page, its workers and its service worker share a classroom's Wi-Fi (throttling in
 * the browser slows the page's requests but not its workers').
 */
export async function startSite(prefix = '/fideliza/', options = {}) {
  let root = resolve(options.root ?? DIST);
  await stat(join(root, 'index.html')).catch(() => {
    throw new Error(`no release build in ${root}: run \`trunk build --release --offline\` first`);
  });
  const requests = [];
  const sent = [];
  const link = options.link && { ...options.link, bytesPerMs: options.link.bitsPerSecond / 8000, freeAt: 0 };
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    if (prefix !== '/' && path === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('not under ' + prefix);
      return;
    }
    let rel = path.slice(prefix.length) || 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (options.pages) {
        const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
        headers['cache-control'] = 'max-age=600';
        headers.etag = etag;
        if (req.headers['if-none-match'] === etag) {
          sent.push({ path, status: 304, bytes: 0 });
          if (link) await sleep(link.latencyMs);
          res.writeHead(304, headers).end();
          return;
        }
      }
      let out = body;
      if (options.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        headers['content-encoding'] = 'gzip';
        const key = `${file}:${body.length}`;
        if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 9 }));
        out = gzipped.get(key);
      }
      sent.push({ path, status: 200, bytes: out.length });
      res.writeHead(200, headers);
      if (link) await overLink(res, out, link);
      else res.end(out);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    sent,
    setRoot: (dir) => {
      root = resolve(dir);
    },
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}

// Gzipped bodies by file and size, kept for every server of the process (compressing
// the app's wasm at level 9 takes a while, which a timed load should not include).
const gzipped = new Map();

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/**
 * Writes `body` to `res` over `link`: after its latency, in 16 KB pieces each sent when
 * the link is free again (every response in flight takes its turn), then ends it.
 */
async function overLink(res, body, link) {
  await sleep(link.latencyMs);
  for (let offset = 0; offset < body.length; offset += 16_384) {
    const piece = body.subarray(offset, offset + 16_384);
    const now = Date.now();
    link.freeAt = Math.max(now, link.freeAt) + piece.length / link.bytesPerMs;
    await sleep(link.freeAt - now);
    res.write(piece);
  }
  res.end();
}

/** Headless Debian Chromium with the flags this closed network needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Records console errors, uncaught exceptions, failed requests and HTTP errors. */
export function watch(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/** Ink on a canvas: pixels that are not blank/white, and pixels of a given colour. */
export function canvasInk(page, selector, rgb = [0, 114, 178]) {
  return page.evaluate(
    ([selector, rgb]) => {
      const canvas = document.querySelector(selector);
      if (!canvas || canvas.width === 0 || canvas.height === 0) return null;
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let ink = 0;
      let colour = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) continue;
        if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
        if (
          Math.abs(data[i] - rgb[0]) < 24 &&
          Math.abs(data[i + 1] - rgb[1]) < 24 &&
          Math.abs(data[i + 2] - rgb[2]) < 24
        ) colour++;
      }
      return {
        ink,
        colour,
        pixels: canvas.width * canvas.height,
        width: canvas.width,
        height: canvas.height,
        cssWidth: canvas.getBoundingClientRect().width,
        hash: canvas.toDataURL().length + ':' + canvas.toDataURL().slice(-64),
      };
    },
    [selector, rgb],
  );
}

/** Polls `probe` until `accept(value)` holds; returns the last value either way. */
export async function waitFor(probe, accept, timeoutMs = 10_000) {
  const start = Date.now();
  let value = await probe();
  while (!accept(value) && Date.now() - start < timeoutMs) {
    await new Promise((ok) => setTimeout(ok, 50));
    value = await probe();
  }
  return value;
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
}

/** axe-core's source, read once: injected into pages by `axeCheck`. */
let axeSource;

/**
 * Runs axe-core on the page as it is now and returns the serious and critical
 * violations (rule id, impact, how many nodes, the first few targets), so a test can
 * assert there are none and a failure says where to look. `options.include` narrows
 * the check to a selector (e.g. one lesson step); `options.all` returns the minor and
 * moderate ones too (for looking, not for failing the suite).
 */
export async function axeCheck(page, options = {}) {
  axeSource ??= await readFile(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ content: axeSource });
  }
  const violations = await page.evaluate(async (include) => {
    const result = await window.axe.run(include ? { include: [include] } : document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`),
    }));
  }, options.include ?? null);
  if (options.all) return violations;
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A share link for a workbench object, as the app writes them (raw deflate, base64url). */
export function linkOf(workbench) {
  return 'w1.' + deflateRawSync(Buffer.from(JSON.stringify(workbench))).toString('base64url');
}

/** The workbench the page has autosaved. */
export function savedWorkbench(page) {
  return page.evaluate(() => {
    const v = JSON.parse(localStorage.getItem('fideliza.workbench.v1'));
    return v?.workbench ?? v;
  });
}
