// Analyses get what the pivot has, on the production build: a funnel step's lost count opens the
// list of those deals (as many rows as the count), the table exports as CSV (a real download
// holding the numbers on screen) and the print view shows the funnel with its title and period.
import { readFile } from 'node:fs/promises';
import { assert, openPage, parseCsv, settled } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const digits = (s) =>
  Number(
    String(s)
      .replace(/−/g, '-')
      .replace(/[^\d-]/g, ''),
  );

export function tests({ browser, url, shots }) {
  let s;
  return [
    [
      'funnel: a step’s lost count lists that many deals; CSV export; print',
      async () => {
        s = await openPage(browser, url);
        const { page } = s;
        await ready(page);
        await page.getByRole('button', { name: /^▤/ }).click();
        await page.locator('dialog[open] button[data-preset="funnel"]').click();
        await page.locator('table.flat[data-analysis="funnel"]').waitFor({ timeout: 30_000 });
        await settled(page);

        // The first step with deals lost at it.
        const lost = page.locator('table.flat button[data-drill="dropped"]');
        const count = await lost.count();
        assert(count > 0, 'lost counts are links');
        let pick = -1;
        for (let i = 0; i < count && pick < 0; i++)
          if (digits(await lost.nth(i).innerText()) > 0) pick = i;
        assert(pick >= 0, 'a step with lost deals');
        const value = digits(await lost.nth(pick).innerText());
        await lost.nth(pick).click();
        await page.waitForFunction(
          () => /\d/.test(document.querySelector('[data-testid=drill-total]')?.textContent ?? ''),
          null,
          { timeout: 30_000 },
        );
        const n = digits(await page.getByTestId('drill-total').innerText());
        assert(n === value, `the list has ${n} deals, the step says ${value} lost`);
        const rows = await page.locator('.dialog table.drill tbody tr').count();
        assert(rows === Math.min(100, n), `first page shows ${Math.min(100, n)} rows, got ${rows}`);
        const statuses = await page
          .locator('.dialog table.drill tbody tr')
          .evaluateAll((trs) => trs.map((tr) => tr.textContent));
        assert(
          statuses.every((t) => /lost/i.test(t)),
          'every deal listed as dropped is a lost deal',
        );
        await page.screenshot({ path: `${shots}/analyses-funnel-drill.png` });
        await page.keyboard.press('Escape');
        await page.locator('.dialog').waitFor({ state: 'detached' });

        // CSV: the numbers of the table on screen.
        const screen = await page.evaluate(() =>
          [...document.querySelectorAll('table.flat tbody tr')].map((tr) =>
            [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
          ),
        );
        const head = await page.evaluate(() =>
          [...document.querySelectorAll('table.flat thead th')].map((th) => th.textContent.trim()),
        );
        const [dl] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('[data-export=csv]').click(),
        ]);
        assert(dl.suggestedFilename().endsWith('.csv'), `a CSV file: ${dl.suggestedFilename()}`);
        const text = await readFile(await dl.path(), 'utf8');
        assert(text.charCodeAt(0) === 0xfeff, 'CSV starts with a BOM');
        const csv = parseCsv(text.slice(1));
        assert(JSON.stringify(csv[0]) === JSON.stringify(head), `CSV header ${csv[0]} vs ${head}`);
        assert(
          csv.length - 1 === screen.length,
          `${csv.length - 1} CSV rows, ${screen.length} shown`,
        );
        const reached = await page.evaluate(() =>
          [...document.querySelectorAll('table.flat tbody tr:first-child td')].findIndex((td) =>
            td.querySelector('button[data-drill="reached"]'),
          ),
        );
        assert(reached >= 0, 'reached counts are links');
        screen.forEach((row, k) => {
          assert(
            digits(row[reached]) === Number(csv[k + 1][reached]),
            `row ${k}: “${row[reached]}” on screen, ${csv[k + 1][reached]} in the CSV`,
          );
          assert(csv[k + 1][0] === row[0], `row ${k}: stage ${csv[k + 1][0]} vs ${row[0]}`);
        });

        // Print: the funnel's table with its title and period.
        await page.locator('.tools button.print').click();
        await page.locator('.print-overlay .sheet').waitFor();
        const sheet = await page.locator('.print-overlay .sheet').innerText();
        assert(
          (await page.getByTestId('print-title').innerText()).trim().length > 0,
          'a print title',
        );
        assert((await page.getByTestId('print-period').innerText()).trim().length > 0, 'a period');
        for (const row of screen.slice(0, 3))
          assert(sheet.includes(row[0]), `the printed table has stage “${row[0]}”`);
        // Names read from the left, numbers from the right, as on screen.
        const align = await page.evaluate(() => {
          const cells = [
            // The step's name and number are the row's labels (th), as a pivot's are.
            ...document.querySelectorAll('.print-overlay table tbody tr:first-child :is(th, td)'),
          ];
          return cells.slice(0, 3).map((td) => getComputedStyle(td).textAlign);
        });
        assert(align[0] === 'left', `the printed stage is left-aligned, got ${align[0]}`);
        assert(align[2] === 'right', `the printed count is right-aligned, got ${align[2]}`);
        await page.screenshot({ path: `${shots}/analyses-funnel-print.png` });
        await page.keyboard.press('Escape');
        await s.context.close();
      },
    ],
    [
      'cohorts, LTV and dynamics (RU): a clicked number lists as many clients or deals',
      async () => {
        const ru = await openPage(browser, `${url}?lang=ru`);
        const { page } = ru;
        await ready(page);
        for (const [preset, analysis, key] of [
          ['cohorts', 'cohort', 'active_clients'],
          ['ltv', 'ltv', 'won_deals'],
          ['dynamics', 'dynamics', 'clients'],
        ]) {
          await page.getByRole('button', { name: /^▤/ }).click();
          await page.locator(`dialog[open] button[data-preset="${preset}"]`).click();
          await page
            .locator(`table.flat[data-analysis="${analysis}"]`)
            .waitFor({ timeout: 30_000 });
          await settled(page);
          const links = page.locator(`table.flat button[data-drill="${key}"]`);
          let pick = -1;
          const count = await links.count();
          for (let i = 0; i < count && pick < 0; i++)
            if (digits(await links.nth(i).innerText()) > 1) pick = i;
          assert(pick >= 0, `${preset}: a ${key} above 1`);
          const value = digits(await links.nth(pick).innerText());
          await links.nth(pick).click();
          await page.waitForFunction(
            () => /\d/.test(document.querySelector('[data-testid=drill-total]')?.textContent ?? ''),
            null,
            { timeout: 30_000 },
          );
          const n = digits(await page.getByTestId('drill-total').innerText());
          assert(n === value, `${preset}: the list has ${n} rows, the cell says ${value}`);
          const head = await page.locator('.dialog table.drill thead').innerText();
          assert(!/[a-z]{4,}/.test(head), `${preset}: Russian column headers, got “${head}”`);
          await page.screenshot({ path: `${shots}/analyses-${preset}-drill-ru.png` });
          await page.keyboard.press('Escape');
          await page.locator('.dialog').waitFor({ state: 'detached' });
        }
        await ru.context.close();
      },
    ],
  ];
}
