// The built app under its Content-Security-Policy (scripts/csp.mjs): once with the policy only in
// index.html's <meta> (any static host), once with the headers docs/datasets.md asks a host to
// send on every file (so the workers run under it too). In each: the demo, an import through the
// file input, CSV and XLSX exports and a ?data= link work, and the browser reports no violation.
// A script injected on purpose must be refused, so the collector is known to see violations.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { cspValue, SECURITY_HEADERS } from '../../../scripts/csp.mjs';
import { assert, openPage, serve } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const CSP_CONSOLE = /Content Security Policy|Content-Security-Policy|Refused to/i;

/** Opens `url` with a recorder of `securitypolicyviolation` events installed before any script. */
async function openRecorded(browser, url) {
  // openPage records console errors; the recorder goes into its context before the app loads.
  const s = await openPage(browser, 'about:blank');
  await s.context.addInitScript(() => {
    const seen = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}`),
    );
  });
  const csp = [];
  s.page.on('console', (m) => {
    if (CSP_CONSOLE.test(m.text())) csp.push(m.text());
  });
  await s.page.goto(url);
  return { ...s, csp };
}

const violations = (page) => page.evaluate(() => [...window.__cspViolations]);

async function mapping(page) {
  await page
    .getByRole('heading', { name: /check what each column is/ })
    .waitFor({ timeout: 60_000 });
}

/** The whole tour under one policy; `label` names it in failures. */
async function tour({ browser, base, root, label, policy }) {
  const s = await openRecorded(browser, base);
  const { page, context, csp, errors } = s;
  try {
    await ready(page);
    const meta = await page.evaluate(
      () =>
        document
          .querySelector('meta[http-equiv="Content-Security-Policy"]')
          ?.getAttribute('content') ?? null,
    );
    assert(meta === cspValue(), `${label}: index.html carries the policy, got ${meta}`);
    if (policy) {
      const resp = await page.request.get(base);
      assert(
        resp.headers()['content-security-policy'] === policy,
        `${label}: the server sends the header`,
      );
    }

    // An import through the file input (the ingest worker, DuckDB inserts).
    await page
      .getByTestId('file-input')
      .setInputFiles(join(root, 'test', 'fixtures', 'ingest', 'amocrm-deals.cp1251.csv'));
    await mapping(page);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
    await page.getByTestId('import-report').waitFor({ timeout: 30_000 });
    await ready(page);
    const text = await page.locator('table').first().innerText();
    assert(/251,23[56]/.test(text), `${label}: the import's won revenue: ${text.slice(0, 300)}`);
    await page.keyboard.press('Escape');

    // Exports: real downloads (blob: URLs).
    const [csvDl] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-export=csv]').click(),
    ]);
    const csvText = await readFile(await csvDl.path(), 'utf8');
    assert(/251235/.test(csvText.replace(/[\s,.]/g, '')), `${label}: CSV holds the revenue`);
    const [xDl] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-export=xlsx]').click(),
    ]);
    const wb = XLSX.read(await readFile(await xDl.path()), { type: 'buffer' });
    assert(wb.SheetNames.length > 0, `${label}: XLSX readable`);

    // A ?data= link (fetch of a manifest and its files).
    await page.goto(`${base}?data=examples/manifest.json`);
    await page.waitForFunction(
      () =>
        document.querySelector('header.header')?.textContent?.includes('Example: amoCRM export'),
      null,
      { timeout: 90_000 },
    );
    await ready(page);

    const seen = await violations(page);
    assert(seen.length === 0, `${label}: CSP violations: ${seen.join(' | ')}`);
    assert(csp.length === 0, `${label}: CSP console messages: ${csp.join(' | ')}`);
    assert(errors.length === 0, `${label}: console errors: ${errors.join(' | ')}`);

    // The policy is enforced and the recorder sees it: an injected inline script is refused.
    const ran = await page.evaluate(async () => {
      const el = document.createElement('script');
      el.textContent = 'window.__injected = true';
      document.head.append(el);
      await new Promise((r) => setTimeout(r, 50));
      return window.__injected === true;
    });
    assert(!ran, `${label}: an inline script ran`);
    const after = await violations(page);
    assert(
      after.some((v) => v.startsWith('script-src')),
      `${label}: the refused script is reported: ${after.join(' | ')}`,
    );
  } finally {
    await context.close();
  }
}

export function tests({ browser, url, root }) {
  return [
    [
      'csp: the meta policy alone — demo, import, CSV/XLSX export and a ?data= link, no violation',
      () => tour({ browser, base: url, root, label: 'meta' }),
    ],
    [
      'csp: with the host headers of docs/datasets.md on every file, workers included',
      async () => {
        const server = await serve(join(root, 'dist'), { headers: SECURITY_HEADERS });
        try {
          await tour({
            browser,
            base: server.url,
            root,
            label: 'headers',
            policy: SECURITY_HEADERS['Content-Security-Policy'],
          });
        } finally {
          await server.close();
        }
      },
    ],
  ];
}
