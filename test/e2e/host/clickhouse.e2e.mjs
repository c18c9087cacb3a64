// The page on a ClickHouse server: a loopback server executing in chdb (test/engine/clickhouse/ch-server.mjs,
// with CORS as ClickHouse sends it for add_http_cors_header=1 and preflights answered as
// http_options_response configures), holding the demo pushed by `crm push`. A link
// `?engine=clickhouse&url=…` opens the dialog pre-filled, asking only for the password; a wrong
// one is said in the dialog; once connected, the default report and a preset show the same numbers
// as `crm report` on the same server, a drill-down lists the rows behind a cell, and the password is nowhere in the URL or the page's storage.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startClickHouse } from '../../engine/clickhouse/ch-server.mjs';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const PASSWORD = 'pa55-e2e';

/** The server options of every `crm` command below. */
const onServer = (url) => [
  '--engine',
  'clickhouse',
  '--url',
  url,
  '--database',
  'crm',
  '--user',
  'crm',
];

function crm(root, ...args) {
  return new Promise((resolve) => {
    execFile(
      'node_modules/.bin/tsx',
      ['src/cli/main.ts', ...args],
      {
        cwd: root,
        timeout: 240_000,
        maxBuffer: 16 << 20,
        env: { ...process.env, CLICKHOUSE_PASSWORD: PASSWORD },
      },
      (err, stdout, stderr) => resolve({ code: err ? (err.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

/** A port nothing listens on. */
function closedPort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The presets ClickHouse runs (one list with the conformance suite); the test takes won-size. */
/** CHDB_FAILING, read from its source (this runner does not load TypeScript). */
function failing(root) {
  const text = readFileSync(join(root, 'test', 'engine', 'clickhouse', 'chdb-passing.ts'), 'utf8');
  const list = /CHDB_FAILING(?::[^=]*)? = \[([^\]]*)\]/.exec(text)?.[1] ?? '';
  return [...list.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
}

/** Digits of a number as the table shows it ("1 234" → 1234). */
const digits = (text) => Number(text.replace(/[^\d]/g, ''));

/** Every number and text of rows, rounded to 9 significant digits, sorted: a multiset to compare. */
function values(rows) {
  return rows
    .flatMap((r) => Object.values(r))
    .filter((v) => v !== null)
    .map((v) => (typeof v === 'number' ? Number(v.toPrecision(9)).toString() : String(v)))
    .sort();
}

export function tests({ browser, url, shots, root }) {
  return [
    [
      'clickhouse: a link opens the dialog, the password connects, the default report, a drill-down and a preset run on the server',
      async () => {
        const preset = 'won-size';
        assert(!failing(root).includes(preset), `${preset} is not in CHDB_FAILING`);
        const ch = await startClickHouse({ user: 'crm', password: PASSWORD });
        let session;
        try {
          const pushed = await crm(
            root,
            'push',
            ...onServer(ch.url),
            '--demo',
            '--demo-deals',
            '3000',
          );
          assert(pushed.code === 0, `crm push: ${pushed.stderr}`);
          const cli = await crm(root, 'report', preset, ...onServer(ch.url));
          assert(cli.code === 0, `crm report: ${cli.stderr}`);
          const want = JSON.parse(cli.stdout);

          const link = `${url}?engine=clickhouse&url=${ch.url}&database=crm&user=crm`;
          session = await openPage(browser, link);
          const { page } = session;
          const dialog = page.getByTestId('ch-dialog');
          await dialog.waitFor({ timeout: 60_000 });
          assert((await page.getByTestId('ch-url').inputValue()) === ch.url, 'address pre-filled');
          assert((await page.getByTestId('ch-database').inputValue()) === 'crm', 'database');
          assert((await page.getByTestId('ch-user').inputValue()) === 'crm', 'user');
          const focused = await page.evaluate(() => document.activeElement?.getAttribute('type'));
          assert(focused === 'password', `the password has the focus, got ${focused}`);

          // A wrong password: said in the dialog, which stays open.
          await page.getByTestId('ch-password').fill('wrong');
          await page.getByTestId('ch-password').press('Enter');
          const error = page.getByTestId('ch-error');
          await error.waitFor({ timeout: 30_000 });
          const text = await error.innerText();
          assert(/refused user “crm”: wrong password/.test(text), `wrong password: ${text}`);
          await page.screenshot({ path: `${shots}/clickhouse-wrong-password.png` });

          // A server that is not there: the browser's bare "Failed to fetch" becomes the causes.
          await page.getByTestId('ch-url').fill(`http://127.0.0.1:${await closedPort()}`);
          await page.getByTestId('ch-password').press('Enter');
          await page.waitForFunction(
            () =>
              /not running there/.test(
                document.querySelector('[data-testid="ch-error"]')?.textContent ?? '',
              ),
            null,
            { timeout: 30_000 },
          );
          await page.getByTestId('ch-url').fill(ch.url);
          await page.getByTestId('ch-password').fill(PASSWORD);
          await page.getByTestId('ch-password').press('Enter');
          await dialog.waitFor({ state: 'detached', timeout: 60_000 });
          await page.waitForFunction(
            () => ['ready', 'error'].includes(globalThis.__crm?.run.phase),
            null,
            { timeout: 60_000 },
          );
          await page.screenshot({ path: `${shots}/clickhouse-connected.png` });
          const header = await page.locator('header.header').first().innerText();
          assert(
            header.includes(`ClickHouse: ${ch.url} · crm`),
            `header names the server: ${header}`,
          );

          // The default report, compiled for ClickHouse, gives the CLI's numbers for its spec.
          const defaultError = await page.evaluate(() =>
            JSON.stringify(globalThis.__crm.run.error),
          );
          assert(defaultError === 'null', `the default report ran on the server: ${defaultError}`);
          await ready(page);
          const spec = await page.evaluate(() => JSON.stringify(globalThis.__crm.run.result.spec));
          const specFile = join(shots, 'clickhouse-default-spec.json');
          writeFileSync(specFile, spec);
          const cliDefault = await crm(root, 'report', '--spec', specFile, ...onServer(ch.url));
          assert(cliDefault.code === 0, `crm report --spec: ${cliDefault.stderr}`);
          const wantDefault = JSON.parse(cliDefault.stdout);
          // The CLI prints the groups only: the page's detail rows are those of no total.
          const gotDefault = await page.evaluate(() =>
            globalThis.__crm.run.result.table
              .toArray()
              .map((r) => r.toJSON())
              .filter((r) => !r._grouping)
              .map((r) =>
                Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('_'))),
              ),
          );
          writeFileSync(
            `${shots}/clickhouse-default.json`,
            JSON.stringify({ got: gotDefault, want: wantDefault }, null, 1),
          );
          assert(wantDefault.length > 0, 'the default report has rows');
          assert(
            gotDefault.length === wantDefault.length,
            `default report: ${gotDefault.length} rows on the page, ${wantDefault.length} from the CLI`,
          );
          assert(
            JSON.stringify(values(gotDefault)) === JSON.stringify(values(wantDefault)),
            `the default report's numbers differ from the CLI's`,
          );

          // A drill-down from the grand total's first value lists its rows, from the server.
          const total = page.locator('.result tbody tr.total td[data-leaf]').first();
          const shown = digits(await total.innerText());
          assert(shown > 0, `the total cell shows a number: ${await total.innerText()}`);
          await total.click();
          await page.waitForFunction(
            () => /\d/.test(document.querySelector('[data-testid=drill-total]')?.textContent ?? ''),
            null,
            { timeout: 60_000 },
          );
          const listed = page.locator('.dialog table.drill tbody tr');
          const n = await listed.count();
          assert(n > 0, 'the drill-down lists rows');
          // Revenue's rows are the won deals closed then: as many as the report's Won of the total.
          const title = await page.locator('.dialog').first().innerText();
          // The title names the quarter ("Q3 2024"); the result holds its key (2024-Q3).
          const named = /Total · Q(\d) (\d{4})/.exec(title);
          const quarter = named ? `${named[2]}-Q${named[1]}` : undefined;
          assert(quarter, `the drill-down names its quarter: ${title.slice(0, 80)}`);
          const wonThen = await page.evaluate(
            (q) =>
              globalThis.__crm.run.result.table
                .toArray()
                .map((r) => r.toJSON())
                .find((r) => r._grouping && r.manager === null && r['period:quarter'] === q)?.won,
            quarter,
          );
          const count = digits(await page.getByTestId('drill-total').innerText());
          assert(
            count === Number(wonThen),
            `the list has ${count} rows, the report says ${wonThen} deals won in ${quarter}`,
          );
          assert(n === Math.min(100, count), `the first page shows ${n} of ${count} rows`);
          await page.screenshot({ path: `${shots}/clickhouse-drill.png` });
          await page.keyboard.press('Escape');

          await page.getByRole('button', { name: /^▤/ }).click();
          await page.locator(`dialog[open] button[data-preset="${preset}"]`).click();
          await page.waitForFunction(
            (p) =>
              globalThis.__crm?.report.spec.preset === p &&
              ['ready', 'error'].includes(globalThis.__crm.run.phase),
            preset,
            { timeout: 60_000 },
          );
          // The CLI reports all time; the page opens presets on the period picked.
          if (
            (await page.evaluate(() =>
              JSON.stringify(globalThis.__crm.report.spec.period ?? null),
            )) !== 'null'
          ) {
            await page.getByRole('button', { name: 'All time' }).click();
            await page.waitForFunction(
              () =>
                !globalThis.__crm.report.spec.period &&
                ['ready', 'error'].includes(globalThis.__crm.run.phase) &&
                JSON.stringify(globalThis.__crm.run.result?.spec) ===
                  JSON.stringify(globalThis.__crm.report.spec),
              null,
              { timeout: 60_000 },
            );
          }
          await page.screenshot({ path: `${shots}/clickhouse-${preset}.png` });
          const failed = await page.evaluate(() => JSON.stringify(globalThis.__crm.run.error));
          assert(failed === 'null', `${preset} ran on the server: ${failed}`);
          await ready(page);
          // The page's table also holds the grand total (the CLI prints the groups only).
          const got = await page.evaluate(() =>
            globalThis.__crm.run.result.table
              .toArray()
              .map((r) => r.toJSON())
              .filter((r) => r.manager !== null)
              .map((r) =>
                Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('_'))),
              ),
          );
          writeFileSync(
            `${shots}/clickhouse-${preset}.json`,
            JSON.stringify({ got, want }, null, 1),
          );
          const a = values(got);
          const b = values(want);
          assert(
            got.length === want.length,
            `${got.length} rows on the page, ${want.length} from the CLI`,
          );
          assert(
            JSON.stringify(a) === JSON.stringify(b),
            `the page's numbers differ from the CLI's`,
          );
          const cells = await page.locator('table').first().innerText();
          assert(cells.includes(want[0].manager), `the table shows ${want[0].manager}`);
          await page.screenshot({ path: `${shots}/clickhouse-${preset}.png` });

          // The reports ran on the server, the password never left the headers.
          const fromPage = ch.requests.filter((r) => r.headers.origin);
          assert(
            fromPage.some((r) => r.method === 'OPTIONS'),
            'a preflight for the auth headers',
          );
          assert(
            fromPage.some((r) => r.params.default_format === 'ArrowStream'),
            'queries ran on the server',
          );
          assert(
            fromPage.every((r) => !JSON.stringify(r.params).includes(PASSWORD)),
            'no password in any URL',
          );
          const href = await page.evaluate(() => location.href);
          assert(!href.includes(PASSWORD), 'no password in the page URL');
          assert(href.includes('engine=clickhouse') && href.includes('user=crm'), `link: ${href}`);
          const stored = await page.evaluate(() =>
            JSON.stringify([{ ...localStorage }, { ...sessionStorage }]),
          );
          assert(!stored.includes(PASSWORD), 'no password in storage');
          // The browser logs every refused request itself: the wrong password (403) and the
          // server not there. Nothing else may fail: no query (the size estimate included) is
          // sent in a dialect the server does not speak.
          const errors = session.errors.filter(
            (e) => !/status of 403|ERR_CONNECTION_REFUSED|ERR_UNSAFE_PORT/.test(e),
          );
          assert(errors.length === 0, `console errors: ${errors.join('; ')}`);
        } finally {
          await session?.context.close();
          await ch.close();
        }
      },
    ],
  ];
}
