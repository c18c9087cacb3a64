// Links on the production build: data on another origin is loaded only after the user agrees, a
// static host's HTML fallback page is refused with a message, a link that crashed the tab is not
// loaded again on reload, the report travels after `#` (old `?` links still open), `data=`
// follows the dataset shown, and a manifest's report that cannot open is named.
import { createServer } from 'node:http';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

/** A small deals export (also link-local.e2e.mjs's import). */
export const CSV = [
  'id,title,amount,stage,manager,created_at,closed_at',
  '1,Alpha,100,Won,Ann,2024-01-05,2024-02-01',
  '2,Beta,250,Won,Bob,2024-01-10,2024-03-01',
  '3,Gamma,80,Lost,Ann,2024-02-01,2024-02-20',
  '4,Delta,40,New,Bob,2024-03-01,',
].join('\n');

/**
 * Another origin (another port): `/deals.csv` is data, any other path answers with an HTML page
 * as single-page hosts do. CORS is open, so only the app's own rules stand in the way.
 */
async function otherOrigin() {
  const hits = [];
  const server = createServer((req, res) => {
    hits.push(req.url);
    const cors = { 'access-control-allow-origin': '*' };
    if (req.url === '/deals.csv') {
      res.writeHead(200, { ...cors, 'content-type': 'text/csv' }).end(CSV);
    } else {
      res
        .writeHead(200, { ...cors, 'content-type': 'text/html' })
        .end('<!doctype html><html><body>app</body></html>');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    hits,
    close: () => new Promise((r) => server.close(r)),
  };
}

const header = (page) => page.locator('header.header').first().innerText();
const failure = (page) => page.getByTestId('link-failure');

export function tests({ browser, url, shots, root }) {
  return [
    [
      'links: data on another origin loads only after the user agrees (keyboard)',
      async () => {
        const other = await otherOrigin();
        const { page, context } = await openPage(browser, `${url}?data=${other.base}/deals.csv`);
        try {
          const ask = page.getByTestId('link-consent');
          await ask.waitFor({ timeout: 60_000 });
          assert((await ask.innerText()).includes(other.host), 'the dialog names the host');
          // The safe answer has the focus; Escape declines.
          const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
          assert(focused === 'Do not load', `focus on "Do not load", got ${focused}`);
          await page.screenshot({ path: `${shots}/links-consent.png` });
          await page.keyboard.press('Escape');
          await failure(page).waitFor({ timeout: 30_000 });
          const text = await failure(page).innerText();
          assert(/you did not allow it/.test(text) && text.includes(other.host), text);
          assert(other.hits.length === 0, `nothing fetched without consent: ${other.hits}`);
          await ready(page);
          assert(/demo data/.test(text), `says the report is the demo: ${text}`);
          assert(
            (await page.evaluate(() => location.search)).includes('data='),
            'the link still names its data',
          );
          // Try again, and agree with the keyboard.
          await failure(page).getByRole('button', { name: 'Try again' }).click();
          await ask.waitFor({ timeout: 30_000 });
          await page.keyboard.press('Tab');
          await page.keyboard.press('Enter');
          await page.waitForFunction(
            () => document.querySelector('header.header')?.textContent?.includes('deals'),
            null,
            { timeout: 60_000 },
          );
          await ready(page);
          assert(other.hits.includes('/deals.csv'), `fetched after consent: ${other.hits}`);
          assert((await failure(page).count()) === 0, 'the failure banner is gone');
        } finally {
          await context.close();
          await other.close();
        }
      },
    ],
    [
      'links: an HTML fallback page is refused with a message naming the URL (Russian too)',
      async () => {
        const other = await otherOrigin();
        const link = `${other.base}/data/missing.csv`;
        const { page, context } = await openPage(browser, `${url}?data=${link}&lang=ru`);
        try {
          await page.getByTestId('link-consent').waitFor({ timeout: 60_000 });
          await page.getByRole('button', { name: `Загрузить с ${other.host}` }).click();
          await failure(page).waitFor({ timeout: 30_000 });
          const text = await failure(page).innerText();
          assert(text.includes(link) && /веб-страница, а не файл данных/.test(text), text);
          await ready(page);
          await page.screenshot({ path: `${shots}/links-html-refused-ru.png` });
        } finally {
          await context.close();
          await other.close();
        }
      },
    ],
    [
      'links: a link whose last load never ended is not loaded again by itself',
      async () => {
        const link = 'examples/manifest.json';
        const { page, context } = await openPage(browser, url);
        await ready(page);
        // What a crash during the load leaves behind in this tab.
        await page.evaluate((l) => sessionStorage.setItem('crm-workbench.link-loading', l), link);
        await page.goto(`${url}?data=${link}`);
        await failure(page).waitFor({ timeout: 60_000 });
        const text = await failure(page).innerText();
        assert(/did not finish/.test(text) && text.includes(link), text);
        await ready(page);
        assert(/Demo/.test(await header(page)), `the demo is shown: ${await header(page)}`);
        await page.screenshot({ path: `${shots}/links-crash-guard.png` });
        await failure(page).getByRole('button', { name: 'Try again' }).click();
        await page.waitForFunction(
          () =>
            document
              .querySelector('header.header')
              ?.textContent?.includes('Example: amoCRM export'),
          null,
          { timeout: 60_000 },
        );
        await ready(page);
        // The name shows with the first report; the load ends (and clears the marker) once the
        // dataset is also stored.
        const cleared = await page
          .waitForFunction(
            () => sessionStorage.getItem('crm-workbench.link-loading') === null,
            null,
            {
              timeout: 60_000,
            },
          )
          .then(() => true)
          .catch(() => false);
        const marker = await page.evaluate(() =>
          sessionStorage.getItem('crm-workbench.link-loading'),
        );
        assert(cleared, `the marker is cleared after a load: ${marker}`);
        await context.close();
      },
    ],
    [
      'links: #preset=<id> opens that report built on the data, a pasted one too; a wrong name is named',
      async () => {
        const { page, context } = await openPage(browser, `${url}?lang=ru#preset=funnel`);
        try {
          await ready(page);
          const head = () => page.locator('table').first().locator('th').allInnerTexts();
          assert(
            (await head()).some((h) => /Дошли/.test(h)),
            `the funnel: ${await head()}`,
          );
          // The URL now names the whole report, so copying it reproduces what is shown.
          const hash = await page.evaluate(() => location.hash);
          assert(/preset=funnel/.test(hash) && hash.split('&').length > 2, hash);
          await page.screenshot({ path: `${shots}/links-preset-ru.png` });
          await page.evaluate(() => (location.hash = '#preset=managers'));
          await page.waitForFunction(
            () =>
              [...document.querySelectorAll('table th')].some((th) =>
                /Менеджер/.test(th.textContent ?? ''),
              ),
            null,
            { timeout: 30_000 },
          );
        } finally {
          await context.close();
        }
        const wrong = await openPage(browser, `${url}#preset=funel`);
        try {
          await ready(wrong.page);
          const banner = await wrong.page.locator('.banner-msg').first().innerText();
          assert(/no report 'funel'/.test(banner) && /funnel/.test(banner), banner);
        } finally {
          await wrong.context.close();
        }
      },
    ],
    [
      'links: an old ? link opens its report, and the link then carries it after #',
      async () => {
        const { page, context } = await openPage(browser, `${url}?v=1&rows=manager&m=deals`);
        await ready(page);
        await page.waitForFunction(() => location.hash.includes('rows=manager'), null, {
          timeout: 30_000,
        });
        const search = await page.evaluate(() => location.search);
        assert(!/rows=|m=/.test(search), `the report left the query string: ${search}`);
        const table = await page.locator('table').first().innerText();
        assert(/Manager/.test(table), 'the old link opened its report');
        // The skip link jumps to the table; the URL still names the report afterwards.
        await page.locator('a.skip').focus();
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => location.hash.startsWith('#v=1'), null, {
          timeout: 10_000,
        });
        // Round trip: the new link opens the same table in another tab.
        const href = await page.evaluate(() => location.href);
        const other = await openPage(browser, href);
        await ready(other.page);
        const again = await other.page.locator('table').first().innerText();
        assert(again === table, `same table from the # link:\n${table}\n---\n${again}`);
        // A pasted link that differs only after # opens its report without a reload.
        await other.page.evaluate(() => (location.hash = '#v=1&rows=source&m=deals'));
        await other.page.waitForFunction(
          () => document.querySelector('table')?.textContent?.includes('Source'),
          null,
          { timeout: 30_000 },
        );
        await other.context.close();
        await context.close();
      },
    ],
    [
      'links: a link pasted while the dashboard (or print preview) is open shows its report, EN and RU',
      async () => {
        for (const lang of ['en', 'ru']) {
          const { page, context } = await openPage(browser, `${url}?lang=${lang}`);
          try {
            await ready(page);
            const t = (k) => page.evaluate((key) => window.__crm.locale.t(key), k);
            await page.getByRole('button', { name: await t('dashboard') }).click();
            await page.locator('section.dashboard').waitFor();
            // The report changed behind the dashboard, which stayed: the link seemed to do nothing.
            await page.evaluate(() => (location.hash = '#v=1&rows=source&m=deals'));
            await page.locator('section.dashboard').waitFor({ state: 'detached', timeout: 5_000 });
            await page.waitForFunction(
              () => window.__crm.report.spec.rows[0]?.field === 'source',
              null,
              { timeout: 10_000 },
            );
            await ready(page);
            const source = await page.evaluate(() => window.__crm.labels.fieldLabel('source'));
            const head = await page.locator('table th').first().innerText();
            assert(head.includes(source), `the pasted report's table: ${head}`);
            // The print preview of the report gives way to the pasted report the same way.
            await page.locator('.tools button.print').click();
            await page.locator('.print-overlay').waitFor();
            await page.evaluate(() => (location.hash = '#v=1&rows=manager&m=won'));
            await page.locator('.print-overlay').waitFor({ state: 'detached', timeout: 5_000 });
            assert(
              await page.evaluate(() => window.__crm.report.spec.rows[0]?.field === 'manager'),
              'the second pasted report is shown',
            );
          } finally {
            await context.close();
          }
        }
      },
    ],
    [
      'links: data= follows the dataset; a manifest report that cannot open is named',
      async () => {
        const dir = join(root, 'dist', 'e2e-links');
        mkdirSync(dir, { recursive: true });
        writeFileSync(
          join(dir, 'manifest.json'),
          JSON.stringify({
            name: 'Two reports',
            files: [
              { url: '../examples/deals-amocrm.csv', kind: 'deals', encoding: 'windows-1251' },
            ],
            reports: [
              // Valid, but names a field this data does not have.
              {
                name: 'Ghost',
                spec: { v: 1, rows: [{ field: 'ghost_field' }], measures: ['deals'] },
              },
              {
                name: 'By manager',
                spec: { v: 1, rows: [{ field: 'manager' }], measures: ['deals'] },
              },
              { name: 'From the future', spec: { v: 99 } },
            ],
          }),
        );
        const { page, context } = await openPage(browser, `${url}?data=e2e-links/manifest.json`);
        try {
          await page.getByTestId('dataset-notices').waitFor({ timeout: 60_000 });
          const notes = await page.getByTestId('dataset-notices').innerText();
          assert(/report “From the future” of the dataset cannot be opened/.test(notes), notes);
          assert(/report “Ghost” of the dataset cannot be opened/.test(notes), notes);
          await ready(page);
          const search = () => page.evaluate(() => decodeURIComponent(location.search));
          assert((await search()).includes('data=e2e-links/manifest.json'), await search());
          // Switching to the demo removes data= from the link.
          await page.getByRole('button', { name: /Two reports ▾/ }).click();
          await page.getByRole('menuitem', { name: 'Demo data' }).click();
          await page.waitForFunction(() => !location.search.includes('data='), null, {
            timeout: 60_000,
          });
          await ready(page);
          // Imported files live only here: "Copy link" says so before copying.
          await page
            .getByTestId('file-input')
            .setInputFiles({ name: 'local.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
          await page
            .getByRole('heading', { name: /check what each column is/ })
            .waitFor({ timeout: 60_000 });
          await page.getByRole('button', { name: 'Import', exact: true }).click();
          await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
          await ready(page);
          assert(!(await search()).includes('data='), `no data= for an import: ${await search()}`);
          await page.getByRole('button', { name: 'Copy link' }).click();
          const warn = page.getByRole('alertdialog');
          await warn.waitFor({ timeout: 10_000 });
          const said = await warn.innerText();
          assert(/lives only in this browser/.test(said) && /crm publish/.test(said), said);
          await page.screenshot({ path: `${shots}/links-copy-local.png` });
          // A report in the link that does not fit its data is named, not swapped silently.
          const stale = await openPage(
            browser,
            `${url}?data=e2e-links/manifest.json#v=1&rows=ghost_field&m=deals`,
          );
          await stale.page.getByTestId('dataset-notices').waitFor({ timeout: 60_000 });
          const said2 = await stale.page.getByTestId('dataset-notices').innerText();
          assert(/the report in the link cannot be opened on this data/.test(said2), said2);
          await stale.context.close();
        } finally {
          await context.close();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    ],
  ];
}
