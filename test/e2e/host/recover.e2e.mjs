// The DuckDB worker dies under the built app (terminated as the browser would a crashed worker,
// through the engine, `__crm.data.simulateCrash()`): the page says so, starts a new database,
// loads the dataset again — the demo, and then an import from the files the page holds — and the
// report comes back with the same numbers.
import { join } from 'node:path';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const tableText = (page) => page.locator('table').first().innerText();

/** Kills the worker and waits for the report to be back after the restart. */
async function crashAndRecover(page) {
  const before = await page.evaluate(() => window.__crm.run.runs);
  await page.evaluate(() => window.__crm.data.simulateCrash());
  await page
    .getByTestId('engine-notice')
    .filter({ hasText: 'The database stopped (its worker was terminated) and was restarted' })
    .waitFor({ timeout: 90_000 });
  await page.waitForFunction((n) => window.__crm.run.runs > n, before, { timeout: 90_000 });
  await ready(page);
}

export function tests({ browser, url, shots, root }) {
  let session;
  return [
    [
      'recover: the demo comes back with the same report after the DuckDB worker dies',
      async () => {
        session = await openPage(browser, url);
        const { page } = session;
        await ready(page);
        const before = await tableText(page);
        assert(/\d{1,3}(,\d{3})+/.test(before), 'a table of numbers');
        await crashAndRecover(page);
        const after = await tableText(page);
        assert(after === before, `same table after the restart:\n${before}\n---\n${after}`);
        await page.screenshot({ path: `${shots}/recover-demo.png` });
      },
    ],
    [
      'recover: an imported dataset is loaded again from the page and shows the same numbers',
      async () => {
        // Run alone (`--only import`), without the demo test above that opens the page.
        if (!session) {
          session = await openPage(browser, url);
          await ready(session.page);
        }
        const { page, errors, context } = session;
        await page
          .getByTestId('file-input')
          .setInputFiles(join(root, 'test', 'fixtures', 'ingest', 'amocrm-deals.cp1251.csv'));
        await page
          .getByRole('heading', { name: /check what each column is/ })
          .waitFor({ timeout: 60_000 });
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 90_000 });
        await ready(page);
        await page.keyboard.press('Escape');
        const before = await tableText(page);
        // Won revenue of the fixture: 1 234,56 + 250 000,50 = 251 235,06.
        assert(/251,23[56]/.test(before), `the import's won revenue: ${before.slice(0, 300)}`);
        await crashAndRecover(page);
        const after = await tableText(page);
        assert(after === before, `same table after the restart:\n${before}\n---\n${after}`);
        const header = await page.locator('header.header').innerText();
        assert(header.includes('amocrm-deals.cp1251'), `still the imported dataset: ${header}`);
        await page.screenshot({ path: `${shots}/recover-import.png` });
        assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
        await context.close();
      },
    ],
  ];
}
