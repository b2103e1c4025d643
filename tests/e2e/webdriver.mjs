// A small W3C WebDriver client over node's fetch, for browsers that playwright-core
// cannot drive in their stock builds (Debian's Firefox ESR, through geckodriver).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS } from './harness.mjs';

export const GECKODRIVER = process.env.GECKODRIVER || 'geckodriver';
export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

/** W3C's key for an element reference in JSON. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Starts geckodriver on a free loopback port; `stop()` ends it. */
export async function startGeckodriver() {
  const port = await freePort();
  const log = [];
  const child = spawn(GECKODRIVER, ['--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  const start = Date.now();
  for (;;) {
    try {
      const status = await (await fetch(`${base}/status`)).json();
      if (status.value?.ready !== undefined) break;
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || Date.now() - start > 20_000) {
      child.kill();
      throw new Error(`geckodriver did not start:\n${log.join('')}`);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return {
    base,
    log,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', ok);
        child.kill();
      }),
  };
}

/** Preferences that keep Firefox from calling home on this closed network. */
const QUIET_PREFS = {
  'app.update.disabledForTesting': true,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.newtabpage.enabled': false,
  'intl.accept_languages': 'en-GB',
};

export class Session {
  static async create(driver, { width = 1366, height = 768 } = {}) {
    const profileRoot = await mkdtemp(join(tmpdir(), 'fideliza-firefox-'));
    const res = await fetch(`${driver.base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        capabilities: {
          alwaysMatch: {
            browserName: 'firefox',
            'moz:firefoxOptions': {
              binary: FIREFOX,
              args: ['-headless'],
              prefs: QUIET_PREFS,
              env: { MOZ_HEADLESS: '1', HOME: profileRoot },
            },
          },
        },
      }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`new session: ${JSON.stringify(body)}\n${driver.log.join('')}`);
    const session = new Session(driver.base, body.value.sessionId, body.value.capabilities);
    await session.cmd('POST', '/window/rect', { width, height });
    return session;
  }

  constructor(base, id, capabilities) {
    this.url = `${base}/session/${id}`;
    this.capabilities = capabilities;
  }

  async cmd(method, path, body) {
    const res = await fetch(this.url + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  }

  goto(url) {
    return this.cmd('POST', '/url', { url });
  }

  currentUrl() {
    return this.cmd('GET', '/url');
  }

  /** Runs `fn` (a function, sent as source) in the page with `args`. */
  exec(fn, ...args) {
    return this.cmd('POST', '/execute/sync', { script: `return (${fn}).apply(null, arguments)`, args });
  }

  async find(css) {
    const el = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return el[ELEMENT];
  }

  async click(css) {
    await this.cmd('POST', `/element/${await this.find(css)}/click`, {});
  }

  /** Erases an input's text, types `text` and presses Enter, as a user would
   * (WebDriver's "clear" would fire a change event with an empty value first). */
  async type(css, text) {
    const el = await this.find(css);
    const length = (await this.cmd('GET', `/element/${el}/property/value`))?.length ?? 0;
    const erase = '\uE010' + '\uE003'.repeat(length);
    await this.cmd('POST', `/element/${el}/value`, { text: erase + text + '\uE007' });
  }

  /** Polls `fn` in the page until it returns a truthy value; returns it. */
  async waitFor(fn, what, timeoutMs = 60_000, ...args) {
    const start = Date.now();
    for (;;) {
      const value = await this.exec(fn, ...args);
      if (value) return value;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }

  async screenshot(name) {
    const png = await this.cmd('GET', '/screenshot');
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(join(ARTIFACTS, name), Buffer.from(png, 'base64'));
  }

  close() {
    return this.cmd('DELETE', '');
  }
}
