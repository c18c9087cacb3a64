// The foundation, end to end on the production build: the demo report opens by itself with a
// table and a chart, fully offline, and moving a field changes the table.
import { assert, openPage, ready } from './harness.mjs';

// The steps every test takes to the demo's report and the dashboard: the harness's, named here
// as well for the tests that import them from this file.
export { ready, toDashboard } from './harness.mjs';

export function tests({ browser, url, shots }) {
  let session;
  return [
    [
      'opens on the demo report: a table of numbers and a chart',
      async () => {
        const t0 = Date.now();
        session = await openPage(browser, url);
        const { page } = session;
        await ready(page);
        console.log(`    (demo report on screen after ${Date.now() - t0} ms)`);
        const headers = await page.locator('table th').allInnerTexts();
        assert(
          headers.some((h) => /Manager/.test(h)),
          `a Manager header, got ${headers.slice(0, 8)}`,
        );
        const cells = await page.locator('table td').allInnerTexts();
        const numbers = cells.filter((c) => /\d{1,3}(,\d{3})+/.test(c));
        assert(numbers.length > 20, `formatted numbers in the table, got ${numbers.length}`);
        await page.locator('.chart svg').first().waitFor({ timeout: 30_000 });
        const marks = await page.locator('.chart svg rect, .chart svg path').count();
        assert(marks > 3, `chart has marks, got ${marks}`);
        await page.screenshot({ path: `${shots}/main-default.png` });
      },
    ],
    [
      'adding a field to rows changes the table',
      async () => {
        const { page } = session;
        const before = await page.locator('table tbody tr').count();
        await page
          .getByRole('button', { name: /Source/ })
          .first()
          .click();
        await page.getByRole('menuitem', { name: /rows/i }).click();
        await page.waitForFunction(
          () =>
            [...document.querySelectorAll('table th')].some(
              (th) => th.textContent?.trim() === 'Source',
            ),
          null,
          { timeout: 30_000 },
        );
        await ready(page);
        const after = await page.locator('table tbody tr').count();
        assert(after !== before, `row count changed (${before} → ${after})`);
        await page.screenshot({ path: `${shots}/main-source-added.png` });
      },
    ],
    [
      'filter by values: search, include one source, then exclude it; totals follow the counts',
      async () => {
        const { page } = session;
        await page.goto(`${url}?v=1&rows=manager&m=deals`);
        await ready(page);
        const grand = async () =>
          Number(
            (await page.locator('table tbody tr.total td').first().innerText()).replace(/\D/g, ''),
          );
        const all = await grand();
        await page
          .getByRole('button', { name: /Source/ })
          .first()
          .click();
        await page.getByRole('menuitem', { name: /filter/i }).click();
        const dialog = page.getByRole('dialog');
        await dialog.locator('input[type=search]').fill('web');
        const row = dialog.locator('ul.values li', { hasText: 'Website' });
        await row.waitFor();
        const n = Number((await row.locator('.n').innerText()).replace(/\D/g, ''));
        assert((await dialog.locator('ul.values li').count()) < 4, 'the search narrows the list');
        await row.locator('input[type=checkbox]').check();
        await dialog.getByRole('button', { name: 'Apply' }).click();
        await page.waitForFunction(
          (want) => {
            const td = document.querySelector('table tbody tr.total td');
            return td && Number(td.textContent.replace(/\D/g, '')) === want;
          },
          n,
          { timeout: 30_000 },
        );
        await page.screenshot({ path: `${shots}/main-filter-in.png` });
        // Exclude instead: the rest of the deals.
        await page.locator('.zone-filters .chip').first().click();
        await page.getByRole('dialog').locator('select').first().selectOption('not_in');
        await page.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
        await page.waitForFunction(
          (want) => {
            const td = document.querySelector('table tbody tr.total td');
            return td && Number(td.textContent.replace(/\D/g, '')) === want;
          },
          all - n,
          { timeout: 30_000 },
        );
        assert(all > n && n > 0, `the filter keeps ${n} of ${all} deals`);
      },
    ],
    [
      'no request left 127.0.0.1 and the console has no errors',
      async () => {
        const { foreign, errors, context } = session;
        assert(foreign.length === 0, `requests to other hosts: ${foreign.join(', ')}`);
        assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
        await context.close();
      },
    ],
    [
      'a deal-status filter in Russian: its values and its chip in Russian, as the table',
      async () => {
        const { page, context } = await openPage(
          browser,
          `${url}?lang=ru&v=1&rows=manager&m=deals`,
        );
        try {
          await ready(page);
          await page.getByRole('button', { name: 'Добавить «Статус»…' }).click();
          await page.getByRole('menuitem', { name: 'В фильтры' }).click();
          const dialog = page.getByRole('dialog');
          await dialog.locator('ul.values li .n').first().waitFor({ timeout: 30_000 });
          const shown = (await dialog.locator('ul.values li .v').allInnerTexts()).map((t) =>
            t.trim(),
          );
          assert(
            ['выиграна', 'проиграна', 'открыта'].every((v) => shown.includes(v)) &&
              !shown.some((v) => /^(won|lost|open)$/.test(v)),
            `status values in Russian: ${shown}`,
          );
          await dialog.locator('input[type=search]').fill('откр');
          assert((await dialog.locator('ul.values li').count()) === 1, 'the search reads them too');
          await dialog.locator('ul.values li input[type=checkbox]').check();
          await dialog.getByRole('button', { name: 'Применить' }).click();
          const chip = (await page.locator('.zone-filters .chip').first().innerText()).trim();
          assert(/Статус: открыта/.test(chip), `the chip in Russian: ${chip}`);
        } finally {
          await context.close();
        }
      },
    ],
  ];
}
