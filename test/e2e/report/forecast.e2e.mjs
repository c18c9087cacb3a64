// The pipeline forecast on the production build: the deals carrying the forecast are listed under
// it, a click on an expected number lists the open deals with their chance, and a click on a
// backtest's won deals lists exactly that many deals; it exports (CSV, XLSX, PNG, SVG: real
// downloads) and prints like any report; in English and Russian, at 1440 and 768 px.
import { readFile } from 'node:fs/promises';
import { assert, drillTotal, openGalleryPreset, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const openForecast = (page) =>
  openGalleryPreset(page, 'forecast', '[data-testid="forecast-deals"] tbody tr');

async function closeDrill(page) {
  await page.keyboard.press('Escape');
  await page.locator('.dialog').waitFor({ state: 'detached', timeout: 5000 });
}

export function tests({ browser, url, shots }) {
  return [
    [
      'forecast: the deals under it, the deals behind an expected number and behind the won deals of a backtest',
      async () => {
        const { page, context, errors } = await openPage(browser, url, {
          width: 1440,
          height: 900,
        });
        try {
          await ready(page);
          await openForecast(page);
          const panel = page.getByTestId('forecast-deals');
          const deals = await panel.locator('tbody tr').count();
          assert(deals === 10, `10 deals under the forecast, got ${deals}`);
          const head = await panel.locator('thead').innerText();
          assert(/Days in stage/.test(head) && /Chance to be won/.test(head), `headers: ${head}`);
          await page.screenshot({ path: `${shots}/forecast-deals-en-1440.png`, fullPage: true });

          // Exported and printed like any report: its table, its chart.
          await page.locator('.result .plot svg').first().waitFor({ timeout: 15_000 });
          const rows = await page.locator('table.flat tbody tr').count();
          for (const kind of ['csv', 'xlsx', 'png', 'svg']) {
            const [dl] = await Promise.all([
              page.waitForEvent('download'),
              page.locator(`[data-export=${kind}]`).click(),
            ]);
            const name = dl.suggestedFilename();
            assert(name.endsWith(`.${kind}`), `a ${kind} file: ${name}`);
            const bytes = await readFile(await dl.path());
            assert(bytes.length > 100, `${kind}: ${bytes.length} bytes`);
            if (kind === 'csv') {
              const text = bytes.toString('utf8');
              assert(/Expected revenue/.test(text), `CSV header: ${text.slice(0, 200)}`);
              const lines = text.trim().split(/\r?\n/).length;
              assert(lines === rows + 1, `CSV ${lines} lines for ${rows} rows`);
            }
            if (kind === 'svg') assert(/<svg/.test(bytes.toString('utf8')), 'an SVG');
          }
          await page
            .getByRole('button', { name: /Print \/ PDF/ })
            .first()
            .click();
          const overlay = page.locator('.print-overlay');
          await overlay.locator('table td').first().waitFor({ timeout: 30_000 });
          const printed = await overlay.innerText();
          assert(/Pipeline forecast/.test(printed), 'printed title');
          assert(/Expected revenue/.test(printed), 'printed table');
          assert((await overlay.locator('svg').count()) > 0, 'printed chart');
          await page.screenshot({ path: `${shots}/forecast-print-en.png` });
          await page.getByRole('button', { name: 'Close' }).first().click();

          await page.locator('table.flat button[data-drill="expected_won"]').first().click();
          const open = await drillTotal(page);
          assert(open > 0, `open deals with a chance: ${open}`);
          const drillHead = await page.locator('.dialog table.drill thead').innerText();
          assert(/Chance to be won/.test(drillHead), `drill headers: ${drillHead}`);
          // The slice is named as a span of days: "Expected won · Jan 1, 2026 – Jan 30, 2026"
          // (it read "… · Jan 1, 2026 · Jan 30, 2026", two labels).
          const title = (await page.locator('.dialog h2').first().innerText()).trim();
          const day = String.raw`[A-Z][a-z]{2} \d{1,2}, \d{4}`;
          assert(
            new RegExp(`Expected won · ${day} – ${day}$`).test(title),
            `the list's caption: “${title}”`,
          );
          await page.screenshot({ path: `${shots}/forecast-drill-expected-en.png` });
          await closeDrill(page);

          await page.getByLabel(/Backtest/).check();
          await page.waitForFunction(
            () => document.querySelectorAll('main table.flat tbody tr').length === 6,
          );
          assert((await panel.count()) === 0, 'no deal list under a backtest');
          const won = page.locator('table.flat button[data-drill="actual_won"]').last();
          const clicked = Number((await won.innerText()).replace(/[^\d]/g, ''));
          await won.click();
          const listed = await drillTotal(page);
          assert(
            listed === clicked && listed > 0,
            `won deals listed ${listed}, clicked ${clicked}`,
          );
          await page.screenshot({ path: `${shots}/forecast-drill-actual-en.png` });
          await closeDrill(page);
          await page.getByLabel(/Backtest/).uncheck();
          await page.waitForSelector('[data-testid="forecast-deals"] tbody tr', {
            timeout: 60_000,
          });

          await page.getByRole('button', { name: 'RU', exact: true }).click();
          await page.waitForFunction(() => document.body.innerText.includes('Дней на этапе'));
          const ru = await panel.innerText();
          assert(ru.includes('Сделки, на которых держится прогноз'), 'RU heading');
          assert(!/Days in stage|Chance to be won/.test(ru), 'no English left in RU');
          await page.setViewportSize({ width: 768, height: 900 });
          await panel.scrollIntoViewIfNeeded();
          await page.screenshot({ path: `${shots}/forecast-deals-ru-768.png` });
          await page.locator('table.flat button[data-drill="expected_revenue"]').first().click();
          await drillTotal(page);
          const ruHead = await page.locator('.dialog table.drill thead').innerText();
          assert(/Шанс выигрыша/.test(ruHead), `RU drill headers: ${ruHead}`);
          await closeDrill(page);
          await page.getByRole('button', { name: 'EN', exact: true }).click();
          assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
        } finally {
          await context.close();
        }
      },
    ],
  ];
}
