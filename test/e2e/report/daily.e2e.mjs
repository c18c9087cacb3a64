// The analyst's daily tools on the production build: drill-down lists add up to the clicked
// cell; the table exports (CSV, XLSX, the Russian UI's CSV for Excel: real downloads) hold what
// the table shows, and a drill-down list exported in Russian imports back with the same numbers;
// a saved report survives a reload and reopens; the dashboard shows saved reports; the print view has the title,
// period and signature lines (print media screenshot and a PDF).
import { readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import * as XLSX from '@e965/xlsx';
import { assert, drillTotal, openPage, parseCsv, settled } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const digits = (s) =>
  Number(
    String(s)
      .replace(/−/g, '-')
      .replace(/[^\d-]/g, ''),
  );

/** Leaf index of the first value column whose header starts with `name`, from the last header row. */
async function leafOf(page, name) {
  return page.evaluate((n) => {
    const heads = [...document.querySelectorAll('.result thead tr:last-child th.value')].map((th) =>
      th.textContent.trim(),
    );
    return heads.findIndex((h) => h.startsWith(n));
  }, name);
}

/** The table as shown: last header row texts and the first body rows (labels + cell texts). */
async function shownTable(page, n = 8) {
  return page.evaluate((n) => {
    const table = document.querySelector('.result table');
    const head = [...table.querySelectorAll('thead tr:last-child th')].map((th) =>
      th.textContent.replace(/\s[↓↑]$/, '').trim(),
    );
    const rows = [...table.querySelectorAll('tbody tr:not(.pad)')].slice(0, n).map((tr) => ({
      labels: [...tr.querySelectorAll('th')].map((th) => th.textContent.trim()),
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
    }));
    return { head, rows };
  }, n);
}

/** Compares an exported grid (array of rows of values) with the table on screen. */
function compareWithScreen(grid, shown, what) {
  const headerRow = grid.findIndex((r) => r.map(String).includes(shown.head.at(-1)));
  assert(headerRow >= 0, `${what}: a header row ending with “${shown.head.at(-1)}”`);
  const head = grid[headerRow].map((v) => String(v ?? ''));
  assert(
    JSON.stringify(head) === JSON.stringify(shown.head),
    `${what}: header ${JSON.stringify(head)} vs ${JSON.stringify(shown.head)}`,
  );
  shown.rows.forEach((row, k) => {
    const out = grid[headerRow + 1 + k];
    const labels = out.slice(0, row.labels.length).map((v) => String(v ?? ''));
    const want = row.labels.filter((l) => l !== '');
    for (const l of want)
      assert(labels.includes(l), `${what} row ${k}: label “${l}” in ${JSON.stringify(labels)}`);
    row.cells.forEach((text, i) => {
      const v = out[row.labels.length + i];
      if (text === '' || text === '–')
        return assert(
          v === '' || v === null || v === undefined,
          `${what} row ${k} col ${i}: empty, got ${v}`,
        );
      if (/%/.test(text))
        return assert(
          Math.abs(Number(v) * 100 - Number(text.replace(/[^\d.-]/g, ''))) < 0.06 || /−/.test(text),
          `${what} row ${k} col ${i}: ${text} vs ${v}`,
        );
      assert(
        Math.abs(Math.round(Number(v)) - digits(text.replace('−', '-'))) <= 1,
        `${what} row ${k} col ${i}: “${text}” vs ${v}`,
      );
    });
  });
}

export function tests({ browser, url, shots }) {
  let s;
  return [
    [
      'drill-down: the list behind a total and a manager cell counts as many rows as the cell',
      async () => {
        s = await openPage(browser, url);
        const { page } = s;
        await ready(page);
        const won = await leafOf(page, 'Won');
        assert(won >= 0, 'a Won column');
        for (const rowSel of ['.result tbody tr.total', '.result tbody tr.data']) {
          const td = page.locator(`${rowSel} td[data-leaf="${won}"]`).first();
          const value = digits(await td.innerText());
          await td.click();
          const total = page.getByTestId('drill-total');
          await page.waitForFunction(
            () => /\d/.test(document.querySelector('[data-testid=drill-total]')?.textContent ?? ''),
            null,
            { timeout: 30_000 },
          );
          const n = digits(await total.innerText());
          assert(n === value, `drill list of ${rowSel} has ${n} rows, the cell says ${value}`);
          const rows = await page.locator('.dialog table.drill tbody tr').count();
          assert(
            rows === Math.min(100, n),
            `first page shows ${Math.min(100, n)} rows, got ${rows}`,
          );
          await page.screenshot({
            path: `${shots}/daily-drill${rowSel.endsWith('total') ? '-total' : ''}.png`,
          });
          // Sorting by amount: the first page re-orders, descending.
          await page.locator('.dialog thead th button', { hasText: /^Amount/ }).click();
          await page.waitForFunction(
            () => document.querySelector('.dialog th[aria-sort=descending]'),
            null,
            { timeout: 10_000 },
          );
          await page.keyboard.press('Escape');
          await page.locator('.dialog').waitFor({ state: 'detached' });
        }
        // Enter on a focused cell opens it too.
        await page.locator(`.result tbody tr.total td[data-leaf="${won}"]`).focus();
        await page.keyboard.press('Enter');
        await page.locator('.dialog table.drill').waitFor();
        await page.keyboard.press('Escape');
      },
    ],
    [
      'exports: CSV and XLSX downloads hold the table as displayed',
      async () => {
        const { page } = s;
        const shown = await shownTable(page);
        const [csvDl] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('[data-export=csv]').click(),
        ]);
        const name = csvDl.suggestedFilename();
        assert(
          /\d{4}-\d{2}-\d{2}–\d{4}-\d{2}-\d{2}\.csv$/.test(name),
          `file name with the period: ${name}`,
        );
        const text = await readFile(await csvDl.path(), 'utf8');
        assert(text.charCodeAt(0) === 0xfeff, 'CSV starts with a BOM');
        compareWithScreen(parseCsv(text.slice(1)), shown, 'CSV');
        const [xDl] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('[data-export=xlsx]').click(),
        ]);
        assert(xDl.suggestedFilename().endsWith('.xlsx'), 'xlsx name');
        const wb = XLSX.read(await readFile(await xDl.path()), { type: 'buffer' });
        const grid = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], {
          header: 1,
          defval: null,
          raw: true,
        });
        compareWithScreen(grid, shown, 'XLSX');
        const [png] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('[data-export=png]').click(),
        ]);
        const bytes = await readFile(await png.path());
        assert(
          bytes.subarray(1, 4).toString() === 'PNG' && bytes.length > 5000,
          `a PNG of the chart (${bytes.length} bytes)`,
        );
        const [svg] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('[data-export=svg]').click(),
        ]);
        const svgText = await readFile(await svg.path(), 'utf8');
        assert(svgText.includes('xmlns="http://www.w3.org/2000/svg"'), 'a standalone SVG');
      },
    ],
    [
      'exports in Russian: CSV for Excel (BOM, ;, decimal commas) holds the table; a drill-down list imported back gives the same numbers',
      async () => {
        const { page, context } = await openPage(
          browser,
          `${url}?lang=ru&v=1&rows=manager&m=won,revenue,win_rate,avg_won`,
          { width: 1440, height: 900 },
        );
        await ready(page);
        const shown = await shownTable(page);
        const button = page.locator('.tools [data-export=csv-excel]');
        assert((await button.innerText()) === 'CSV для Excel (;)', 'the button speaks Russian');
        const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
        // Each dialect under a name of its own: the browser once saved the second as "… (1).csv".
        const [plain] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('.tools [data-export=csv]').click(),
        ]);
        const names = [plain.suggestedFilename(), dl.suggestedFilename()];
        assert(
          names[1] === names[0].replace(/\.csv$/, '-excel.csv') && names[0].endsWith('.csv'),
          `the table's files: ${names.join(' | ')}`,
        );
        const text = await readFile(await dl.path(), 'utf8');
        assert(text.charCodeAt(0) === 0xfeff, 'a BOM');
        const lines = text.slice(1).split('\r\n');
        assert(
          lines[0] === shown.head.map((h) => (h.includes(';') ? `"${h}"` : h)).join(';'),
          `header row with semicolons: ${lines[0]}`,
        );
        const grid = parseCsv(text.slice(1), ';');
        const fields = grid.slice(1).flat();
        assert(
          fields.some((f) => /^0,\d+$/.test(f)) && !fields.some((f) => /^-?\d+\.\d+$/.test(f)),
          `win rates with a decimal comma, no decimal point: ${lines[1]}`,
        );
        const asNumbers = grid.map((r) =>
          r.map((f) => (/^-?\d+,\d+$/.test(f) ? f.replace(',', '.') : f)),
        );
        // The screen's own decimal comma ('19,6 %') read the way the comparison reads a point.
        const dotted = shown.rows.map((r) => ({
          ...r,
          cells: r.cells.map((t) => t.replace(',', '.')),
        }));
        compareWithScreen(asNumbers, { ...shown, rows: dotted }, 'CSV для Excel');
        // The won deals behind the revenue total, exported in the same dialect and imported back.
        const revenue = shown.head.indexOf('Выручка, ₽') - 1;
        const total = page.locator(`.result tbody tr.total td[data-leaf="${revenue}"]`);
        const shownTotal = digits(await total.innerText());
        await total.click();
        const n = await drillTotal(page);
        const [list] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('.dialog [data-export=csv-excel]').click(),
        ]);
        const [plainList] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('.dialog [data-export=csv]').click(),
        ]);
        const listNames = [plainList.suggestedFilename(), list.suggestedFilename()];
        assert(
          listNames[1] === listNames[0].replace(/\.csv$/, '-excel.csv') &&
            listNames[0] !== names[0],
          `the list's files: ${listNames.join(' | ')}`,
        );
        const listText = await readFile(await list.path(), 'utf8');
        const rows = parseCsv(listText.slice(1), ';');
        // The file reads as the list does: its statuses in Russian, as the list shows them.
        const shownStatuses = await page.evaluate(() => {
          const heads = [...document.querySelectorAll('.dialog table.drill thead th')];
          const i = heads.findIndex((th) => th.textContent.trim() === 'Статус');
          return [...document.querySelectorAll('.dialog table.drill tbody tr')].map((tr) =>
            tr.children[i]?.textContent.trim(),
          );
        });
        const status = rows[0].indexOf('Статус');
        const fileStatuses = new Set(rows.slice(1).map((r) => r[status]));
        assert(
          status >= 0 &&
            shownStatuses.length > 0 &&
            shownStatuses.every((v) => fileStatuses.has(v)) &&
            [...fileStatuses].every((v) => shownStatuses.includes(v)) &&
            fileStatuses.has('выиграна'),
          `the file's statuses ${[...fileStatuses]}, the list's ${[...new Set(shownStatuses)]}`,
        );
        const plainRows = parseCsv((await readFile(await plainList.path(), 'utf8')).slice(1));
        assert(
          plainRows.length === rows.length &&
            plainRows.every((r, i) => r[status] === rows[i][status]),
          `the plain CSV's statuses in Russian too: ${[...new Set(plainRows.slice(1).map((r) => r[status]))]}`,
        );
        const amount = rows[0].indexOf('Сумма');
        const csvSum = rows.slice(1).reduce((a, r) => a + Number(r[amount].replace(',', '.')), 0);
        assert(rows.length - 1 === n, `${rows.length - 1} rows in the file, ${n} in the list`);
        assert(
          Math.abs(csvSum - shownTotal) < 1,
          `the file's amounts add to ${csvSum}, the cell ${shownTotal}`,
        );
        await page.locator('.dialog').getByRole('button', { name: 'Закрыть' }).click();
        await page.getByTestId('file-input').setInputFiles({
          name: list.suggestedFilename(),
          mimeType: 'text/csv',
          buffer: Buffer.from(listText),
        });
        await page
          .getByRole('heading', { name: /проверьте, что в каждом столбце/ })
          .waitFor({ timeout: 60_000 });
        await page.getByRole('button', { name: 'Загрузить', exact: true }).click();
        await page.getByTestId('import-report').waitFor({ timeout: 90_000 });
        await ready(page);
        const back = await page.evaluate(async () => {
          const t = await window.__crmEngine.query(
            `SELECT count(*)::INT AS n, sum(amount)::DOUBLE AS s, count(amount)::INT AS typed FROM deals`,
          );
          return t.toArray()[0].toJSON();
        });
        assert(
          back.n === n && back.typed === n,
          `imported ${back.n} deals (${back.typed} amounts read as numbers), exported ${n}`,
        );
        assert(
          Math.abs(back.s - csvSum) < 0.005,
          `imported amounts add to ${back.s}, the file ${csvSum}`,
        );
        await page.screenshot({ path: `${shots}/daily-ru-excel-csv-reimported.png` });
        await context.close();
      },
    ],
    [
      'saved reports: save, reload, reopen; dashboard shows them',
      async () => {
        const { page } = s;
        await page.locator('.chart-bar select').first().selectOption('line');
        await settled(page);
        await page.getByRole('button', { name: /My reports/ }).click();
        await page.getByTestId('save-name').fill('Won by manager — line');
        await page.getByRole('button', { name: 'Save report' }).click();
        await page.keyboard.press('Escape');
        await page.reload();
        await ready(page);
        await page.getByRole('button', { name: 'Default report' }).click();
        await settled(page);
        assert(
          (await page.locator('.chart-bar select').first().inputValue()) === 'auto',
          'reset to the default chart',
        );
        await page.getByRole('button', { name: /My reports/ }).click();
        await page
          .locator('.dialog li', { hasText: 'Won by manager — line' })
          .locator('input[type=checkbox]')
          .check();
        await page.getByRole('button', { name: 'Won by manager — line' }).click();
        await settled(page);
        assert(
          (await page.locator('.chart-bar select').first().inputValue()) === 'line',
          'the saved report reopened (line chart)',
        );
        await page.getByRole('button', { name: /Dashboard/ }).click();
        await page.locator('.dashboard .tile table td').first().waitFor({ timeout: 30_000 });
        await page.locator('.dashboard .tile svg').first().waitFor({ timeout: 30_000 });
        await page.screenshot({ path: `${shots}/daily-dashboard.png` });
        await page.getByRole('button', { name: /Back to the report/ }).click();
      },
    ],
    [
      'saved reports: a file of reports that cannot be imported is named with the reason (EN, RU)',
      async () => {
        for (const lang of ['en', 'ru']) {
          const { page, context } = await openPage(browser, `${url}?lang=${lang}`);
          try {
            await ready(page);
            const t = (k, p) => page.evaluate(([key, q]) => window.__crm.locale.t(key, q), [k, p]);
            await page.getByRole('button', { name: await t('saved') }).click();
            const input = page.locator('.dialog input[type=file]');
            const put = (name, body) =>
              input.setInputFiles({
                name,
                mimeType: 'application/json',
                buffer: Buffer.from(body),
              });
            const said = () => page.locator('.dialog').innerText();
            // Not JSON: the file and the reason ("not JSON" stood under "Some saved reports
            // could not be read", naming no file).
            await put('junk.json', 'not json at all');
            await page.getByText(await t('reportsImportSkipped', { file: 'junk.json' })).waitFor();
            const notJson = lang === 'ru' ? 'не JSON' : 'not JSON';
            assert((await said()).includes(`• ${notJson}`), `why junk.json: ${await said()}`);
            assert(!(await said()).includes(await t('savedProblems')), 'not the saved ones');
            // Empty: said so (it read "Imported: 0" and nothing else).
            await put('empty.json', '');
            await page.getByText(await t('reportsImportSkipped', { file: 'empty.json' })).waitFor();
            assert(
              (await said()).includes(`• ${await t('reportsFileEmpty')}`),
              `why empty.json: ${await said()}`,
            );
            assert(!(await said()).includes('junk.json'), 'the previous file’s note went');
          } finally {
            await context.close();
          }
        }
      },
    ],
    [
      'print view: title, period, filters and signature lines in print media; a PDF',
      async () => {
        // Run alone (`--only print`), the saved report the tests above leave open is made here.
        if (!s) {
          s = await openPage(browser, url);
          await ready(s.page);
          await s.page.evaluate(() => {
            const wb = window.__crm;
            wb.report.update({ ...wb.report.spec, chart: 'line', title: 'Won by manager — line' });
          });
          await settled(s.page);
        }
        const { page } = s;
        await page
          .getByRole('button', { name: /Print \/ PDF/ })
          .first()
          .click();
        await page.getByLabel('Company').fill('ООО «Ромашка»');
        await page.locator('.print-overlay .chart svg').first().waitFor({ timeout: 30_000 });
        await page.screenshot({ path: `${shots}/daily-print-preview.png` });
        await page.emulateMedia({ media: 'print' });
        const text = await page.locator('.print-overlay .sheet').innerText();
        assert(text.includes('Won by manager — line'), 'title in print');
        assert(
          /Period:?\s*\n?\s*\w+ \d+, \d{4} – \w+ \d+, \d{4}/.test(text),
          `period in words: ${text.slice(0, 300)}`,
        );
        assert(text.includes('Manager') && text.includes('Date'), 'signature lines');
        assert(!(await page.locator('.app').isVisible()), 'app chrome hidden in print');
        await page.screenshot({ path: `${shots}/daily-print.png`, fullPage: true });
        await page.pdf({ path: `${shots}/daily-print.pdf`, format: 'A4', printBackground: true });
        await page.emulateMedia({ media: 'screen' });
        const r = spawnSync('pdftoppm', [
          '-png',
          '-r',
          '60',
          `${shots}/daily-print.pdf`,
          `${shots}/daily-print-pdf`,
        ]);
        if (r.error) console.log('    (pdftoppm not installed: PDF pages not rendered)');
        await s.context.close();
      },
    ],
    ...['en', 'ru'].map((lang) => [
      `drill-down (${lang}): a list of whole days reads whole on every page (12 d, not 12.0 d)`,
      async () => {
        // A manager's won deals behind the sales cycle: each deal's cycle is whole days. The list
        // arrives 100 rows at a time; its decimals are the whole list's, asked of the engine.
        const spec = 'v=1&rows=manager&m=cycle_days,won&from=2025-01-01&to=2025-12-31';
        const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}#${spec}`, {
          width: 1440,
          height: 900,
        });
        try {
          await ready(page);
          const leaf = await leafOf(page, lang === 'en' ? 'Sales cycle' : 'Цикл сделки');
          await page.locator(`.result tbody tr.total td[data-leaf="${leaf}"]`).click();
          assert((await drillTotal(page)) > 100, 'a list of more than one page');
          const days = lang === 'en' ? /\sd$/ : /\sдн\.$/;
          const whole = lang === 'en' ? /^\d[\d,]*\sd$/ : /^\d[\d\s]*\sдн\.$/;
          const cycle = async () => {
            const texts = await page.$$eval('.dialog table.drill tbody tr', (trs) =>
              trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())),
            );
            const col = texts[0].findIndex((t) => days.test(t));
            assert(col >= 0, `${lang}: a days column in ${texts[0].join(' | ')}`);
            return texts.map((r) => r[col]);
          };
          const first = await cycle();
          assert(
            first.every((t) => whole.test(t)),
            `${lang}: whole days on the first page: ${first.slice(0, 5).join(', ')}`,
          );
          await page.locator('.dialog .pager button').last().click();
          await page.waitForFunction(() => !document.querySelector('.dialog .wrap.stale'));
          const second = await cycle();
          assert(
            second.every((t) => whole.test(t)) && second.join() !== first.join(),
            `${lang}: whole days on the second page: ${second.slice(0, 5).join(', ')}`,
          );
          await page.screenshot({ path: `${shots}/daily-drill-days-${lang}.png` });
          assert(errors.length === 0, `${lang}: console errors ${errors}`);
        } finally {
          await context.close();
        }
      },
    ]),
  ];
}
