// A tiny harness for end-to-end tests of the built site: a static server on 127.0.0.1 under a
// sub-path (static hosts rarely serve from /), Debian's Chromium through playwright-core, and a
// record of every request and console error so tests can assert the page stayed offline and clean.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.map': 'application/json',
};

export const SUBPATH = '/reports/crm/';

/**
 * Serves `dir` at http://127.0.0.1:<port>/reports/crm/. Resolves to { url, close }.
 * `headers`: extra response headers on every file (e.g. a host's Content-Security-Policy).
 */
export async function serve(dir, { headers = {} } = {}) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      if (!url.pathname.startsWith(SUBPATH)) {
        res.writeHead(404).end('outside the app');
        return;
      }
      let rel = decodeURIComponent(url.pathname.slice(SUBPATH.length)) || 'index.html';
      rel = normalize(rel).replace(/^(\.\.[/\\])+/, '');
      let file = join(dir, rel);
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        ...headers,
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${SUBPATH}`,
    close: () => new Promise((r) => server.close(r)),
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Chromium still pings Google's hosts with the flags above; the network here is closed anyway.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/** A page that records requests leaving 127.0.0.1 and console errors. */
export async function openPage(browser, url, { width = 1280, height = 800, init } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  // `init`: a function run in the page before any of its scripts (a benchmark's instruments).
  if (init) await page.addInitScript(init);
  const foreign = [];
  const errors = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!/^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:)/.test(u)) foreign.push(u);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return { page, context, foreign, errors };
}

/** Runs named async tests in order; returns { passed, failed, results }. */
export async function runTests(tests) {
  let passed = 0;
  let failed = 0;
  const results = [];
  for (const [name, fn] of tests) {
    const t0 = Date.now();
    try {
      await fn();
      passed++;
      console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
      results.push({ name, ok: true });
    } catch (e) {
      failed++;
      console.log(
        `  ✗ ${name}\n    ${String(e?.stack ?? e)
          .split('\n')
          .slice(0, 6)
          .join('\n    ')}`,
      );
      results.push({ name, ok: false, error: String(e) });
    }
  }
  return { passed, failed, results };
}

export function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

// Steps the report tests share: they wait on the page the same way, so one copy of each.

/** Waits until the workbench is idle with a table on screen. */
export async function ready(page, timeout = 90_000) {
  await page.waitForSelector('table td', { timeout });
  await page.waitForFunction(() => !document.querySelector('.dot.busy'), null, { timeout });
}

/**
 * Saves the report shown as `name`, puts it on the dashboard and opens the dashboard, in whatever
 * language the page is in (labels are read from its locale); resolves once a tile has a cell.
 */
export async function toDashboard(page, name) {
  const label = (k) => page.evaluate((key) => window.__crm.locale.t(key), k);
  await page
    .getByRole('button', { name: await label('saved') })
    .first()
    .click();
  await page.getByTestId('save-name').fill(name);
  await page.getByRole('button', { name: await label('saveReport') }).click();
  await page.locator('.dialog li', { hasText: name }).locator('input[type=checkbox]').check();
  await page.keyboard.press('Escape');
  await page
    .getByRole('button', { name: await label('dashboard') })
    .first()
    .click();
  await page.locator('.dashboard .tile table td').first().waitFor({ timeout: 30_000 });
}

/**
 * Runs `fn(page, lang)` on a page of its own in each language (`?lang=`), the demo's report
 * ready, and closes the page after, whatever happens: what the keyboard tests (tile-keys,
 * print-keys) each wrote out in full.
 */
export async function eachLanguage(browser, url, fn, { width = 1440, height = 900 } = {}) {
  for (const lang of ['en', 'ru']) {
    const { page, context } = await openPage(browser, `${url}?lang=${lang}`, { width, height });
    try {
      await ready(page);
      await fn(page, lang);
    } finally {
      await context.close();
    }
  }
}

/** Waits for the run the last gesture started (the debounce starts it a moment later) to finish. */
export async function settled(page) {
  await page.waitForTimeout(250);
  await page.waitForFunction(() => !document.querySelector('.dot.busy'), null, { timeout: 60_000 });
}

/** Opens preset `id` from the gallery (the ▤ button); resolves once `shown` is on the page and the run is over. */
export async function openGalleryPreset(page, id, shown) {
  await page.getByRole('button', { name: /^▤/ }).click();
  await page.locator(`dialog[open] button[data-preset="${id}"]`).click();
  await page.waitForFunction((p) => location.href.includes(`preset=${p}`), id, {
    timeout: 10_000,
  });
  await page.waitForSelector(shown, { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('.dot.busy'), null, { timeout: 60_000 });
}

/** The number of rows the open drill-down says it lists, once it has counted them. */
export async function drillTotal(page) {
  const count = page.getByTestId('drill-total');
  await count.waitFor();
  await page.waitForFunction(
    () => /\d/.test(document.querySelector('[data-testid="drill-total"]')?.textContent ?? ''),
    null,
    { timeout: 30_000 },
  );
  return Number((await count.innerText()).replace(/[^\d]/g, ''));
}

/**
 * RFC 4180 rows (quotes, doubled quotes, CRLF), enough for the exports; a last row without a line
 * break counts. `sep`: ';' for the Excel dialect.
 */
export function parseCsv(text, sep = ',') {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}
