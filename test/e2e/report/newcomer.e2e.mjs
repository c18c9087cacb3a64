// The "done when", as one story in Russian on the production build: a newcomer drags
// Manager and Revenue into place, compares with last year, sorts best to worst by growth, drills
// into a number, exports XLSX and a PDF, and sends a link that reopens exactly that report.
import { readFile } from 'node:fs/promises';
import * as XLSX from '@e965/xlsx';
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

// Blank and "—" cells (no value) are not numbers, not zero.
const num = (s) =>
  !/\d/.test(String(s))
    ? NaN
    : Number(
        String(s)
          .replace(/\s|\u00a0|\u202f/g, '')
          .replace(',', '.')
          .replace('−', '-')
          .replace(/[^0-9.-]/g, ''),
      );

/** The row labels and cells of the body, as shown. */
async function shown(page) {
  return page.$$eval('.result table tbody tr:not(.pad)', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')),
  );
}

export function tests({ browser, url, shots }) {
  let s;
  return [
    [
      'newcomer (RU): drag Manager and Revenue, last year vs the year before, best to worst by growth',
      async () => {
        s = await openPage(browser, `${url}?lang=ru`);
        const { page } = s;
        await ready(page);
        // Start from an empty report: remove every chip of the default one.
        while (await page.locator('.zone .chip button.x').count()) {
          await page.locator('.zone .chip button.x').first().click();
        }
        const field = (name) =>
          page
            .locator('.item.field', {
              has: page.locator('.label', { hasText: new RegExp(`^${name}$`) }),
            })
            .first();
        const measure = (name) =>
          page
            .locator('.item', { has: page.locator('.label', { hasText: new RegExp(`^${name}$`) }) })
            .first();
        await field('Менеджер').dragTo(page.locator('.zone-rows .drop'));
        await measure('Выручка').dragTo(page.locator('.zone-measures .drop'));
        await page.getByRole('button', { name: 'Прошлый год' }).click();
        await page.getByRole('button', { name: 'С тем же периодом год назад' }).click();
        await ready(page);
        const headers = await page.locator('.result thead th').allInnerTexts();
        assert(
          headers.some((h) => /Менеджер/.test(h)),
          `Manager header: ${headers}`,
        );
        assert(
          headers.some((h) => /Выручка.*Δ %/.test(h)),
          `growth column: ${headers}`,
        );
        await page
          .locator('.result thead th.value button', { hasText: /Выручка.*Δ %/ })
          .first()
          .click();
        await page.waitForFunction(() =>
          /Δ %/.test(
            document.querySelector('.result thead th[aria-sort="descending"]')?.textContent ?? '',
          ),
        );
        await ready(page);
        const rows = (await shown(page)).filter((r) => r[0] && !/^Итого/.test(r[0]));
        const growthIdx = headers.filter((h) => h !== '').findIndex((h) => /Выручка.*Δ %/.test(h));
        const growth = rows.map((r) => num(r[growthIdx] ?? '')).filter((g) => Number.isFinite(g));
        assert(growth.length >= 10, `growth values per manager, got ${growth.length}`);
        for (let i = 1; i < growth.length; i++) {
          assert(
            growth[i] <= growth[i - 1] + 1e-9,
            `best to worst by growth: ${growth.slice(0, i + 1)}`,
          );
        }
        await page.screenshot({ path: `${shots}/newcomer-ru-growth.png` });
      },
    ],
    [
      'newcomer (RU): drill into a number, export XLSX and PDF, reopen the shared link',
      async () => {
        const { page, context } = s;
        const cell = page.locator('.result tbody td.drill').first();
        const value = num(await cell.innerText());
        await cell.click();
        await page.locator('.dialog table.drill').waitFor({ timeout: 30_000 });
        await page.waitForFunction(() =>
          /\d/.test(document.querySelector('[data-testid=drill-total]')?.textContent ?? ''),
        );
        assert(
          (await page.locator('.dialog table.drill tbody tr').count()) > 0,
          'the deals behind the number are listed',
        );
        await page.screenshot({ path: `${shots}/newcomer-ru-drill.png` });
        await page.keyboard.press('Escape');
        assert(Number.isFinite(value), 'a number was drilled');

        const [dl] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('[data-export=xlsx]').click(),
        ]);
        const book = XLSX.read(await readFile(await dl.path()), { type: 'buffer' });
        const grid = XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], {
          header: 1,
          defval: null,
        });
        const firstManager = (await shown(page))[0][0];
        assert(
          grid.some((r) => r.includes(firstManager)),
          `the XLSX holds the table (${firstManager})`,
        );

        await page.getByRole('button', { name: 'Печать / PDF' }).click();
        await page.getByTestId('print-title').waitFor();
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({ format: 'A4' });
        assert(
          pdf.subarray(0, 4).toString() === '%PDF' && pdf.length > 10_000,
          `a PDF (${pdf.length} bytes)`,
        );
        await page.emulateMedia({ media: 'screen' });
        await page.keyboard.press('Escape');

        const link = page.url();
        assert(
          /cmp=year/.test(link) && /sort=revenue_growth/.test(link),
          `the link carries the report: ${link}`,
        );
        const before = await shown(page);
        const other = await context.newPage();
        await other.goto(link);
        await ready(other);
        await other.waitForFunction(() =>
          document.querySelector('.result thead th[aria-sort="descending"]'),
        );
        const after = await shown(other);
        assert(
          JSON.stringify(after.slice(0, 10)) === JSON.stringify(before.slice(0, 10)),
          'the link reopens the same table',
        );
        assert(s.foreign.length === 0, `requests to other hosts: ${s.foreign.join(', ')}`);
        assert(s.errors.length === 0, `console errors: ${s.errors.join(' | ')}`);
        await context.close();
      },
    ],
  ];
}
