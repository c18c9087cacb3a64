// The browser's own print of the workbench (Ctrl+P; here Chromium's page.pdf, which fires the same
// beforeprint/afterprint) prints the report — title, period and filters in words, the table, the
// chart — and none of the controls, in the UI language; a wide table turns the page. Read back
// with poppler's pdftotext like print.e2e.mjs. It used to print a blank page: the print view's
// CSS, on the page whenever the bundle is, hid everything but its (closed) overlay.
import { assert, openPage } from '../harness.mjs';
import { ready, toDashboard } from '../main.e2e.mjs';
import { pageText, pages, poppler, previewPng } from './print.e2e.mjs';

export const settled = (page) =>
  page.waitForFunction(() => !document.querySelector('.dot.busy'), null, { timeout: 60_000 });

/** Prints the page as it is (no print view opened by hand); the text of every page. */
export async function printPage(page, path) {
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  previewPng(path);
  const n = pages(path);
  const all = [];
  for (let i = 1; i <= n; i++) all.push(pageText(path, i));
  return { n, first: all[0], text: all.map((p) => p.text).join('\n') };
}

/** The labels of the workbench's controls, in the page's language: none may be printed. */
const controls = (page) =>
  page.evaluate(() =>
    ['print', 'undo', 'reset', 'saved', 'measures', 'backToReport'].map((k) =>
      window.__crm.locale.t(k),
    ),
  );

/** A few numbers of the result as shown on screen (cells with digits). */
async function someNumbers(page, selector) {
  const cells = await page.locator(selector).allInnerTexts();
  const nums = cells.map((c) => c.trim()).filter((c) => /\d\D?\d/.test(c) && !/[a-zа-я]/i.test(c));
  assert(nums.length >= 3, `numbers on screen in ${selector}: ${cells.slice(0, 10)}`);
  return nums.slice(0, 3);
}

function assertReport(out, { title, numbers, banned, what }) {
  // Compared without spaces or currency signs: Russian groups digits with (narrow) no-break
  // spaces, and the print view writes money without the sign the screen shows.
  const norm = (t) => t.replace(/[\s$₽€]/g, '');
  const flat = norm(out.text);
  assert(out.n >= 1 && flat.length > 0, `${what}: the PDF is blank`);
  assert(title.length > 0, `${what}: a title to look for`);
  assert(
    flat.includes(norm(title)),
    `${what}: title “${title}” printed:\n${out.text.slice(0, 600)}`,
  );
  for (const n of numbers) assert(flat.includes(norm(n)), `${what}: number ${n} printed`);
  for (const b of banned)
    assert(!flat.includes(norm(b)), `${what}: control “${b}” printed:\n${out.text.slice(0, 600)}`);
}

async function openPreset(page, preset, analysis) {
  await page.getByRole('button', { name: /^▤/ }).click();
  await page.locator(`dialog[open] button[data-preset="${preset}"]`).click();
  if (analysis)
    await page.locator(`table.flat[data-analysis="${analysis}"]`).waitFor({ timeout: 30_000 });
  else await ready(page);
  await settled(page);
}

/** The report's title as the print heading words it (hidden on screen). */
const title = (page) =>
  page.evaluate(() => document.querySelector('.main .print-head h1')?.textContent?.trim() ?? '');

/**
 * A dashboard tile shows 12 rows on screen and counts the rest; on paper nothing can be scrolled
 * or opened, so a printed tile is whole — by Ctrl+P and by the dashboard's own Print button.
 */
async function dashboardTileWhole({ browser, url, shots }) {
  const s = await openPage(browser, url);
  const { page } = s;
  try {
    await ready(page);
    await openPreset(page, 'managers', null);
    // No chart: its bars are labelled with every manager, the table alone must name them.
    await page.evaluate(() => {
      const wb = window.__crm;
      wb.report.update({ ...wb.report.spec, chart: 'none' });
    });
    await ready(page);
    await settled(page);
    const names = await page.evaluate(() => {
      const t = window.__crm.run.result.table;
      return [...t.getChild('manager').toArray()].filter((v) => typeof v === 'string');
    });
    assert(names.length > 12, `more managers than a tile shows: ${names.length}`);
    const name = 'Managers, whole';
    await page.getByRole('button', { name: 'My reports' }).first().click();
    await page.getByTestId('save-name').fill(name);
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.locator('.dialog li', { hasText: name }).locator('input[type=checkbox]').check();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Dashboard' }).first().click();
    await page.locator('.dashboard .tile table td').first().waitFor({ timeout: 30_000 });
    await settled(page);
    const onScreen = await page.locator('.dashboard .tile tbody tr').count();
    assert(onScreen < names.length, `the tile shows part on screen: ${onScreen}`);

    const out = await printPage(page, `${shots}/page-print-dashboard-whole.pdf`);
    const flat = out.text.replace(/\s+/g, ' ');
    const missing = names.filter((n) => !flat.includes(n));
    assert(missing.length === 0, `Ctrl+P: every manager printed, missing ${missing.join(', ')}`);
    assert(!/more rows/.test(flat), 'Ctrl+P: no “more rows” note on paper');

    await page.getByRole('button', { name: 'Print / PDF' }).first().click();
    await page.locator('.print-overlay .tile table td').first().waitFor({ timeout: 30_000 });
    const sheet = await page.locator('.print-overlay .tile tbody tr').count();
    assert(sheet === names.length + 1, `print view: ${names.length} rows and the total: ${sheet}`);
    // Nor does it run off the sheet to the right: its cells wrap to the tile's width.
    const fit = await page.evaluate(() =>
      [...document.querySelectorAll('.print-overlay .tile')].map((t) => [
        t.querySelector('table')?.scrollWidth ?? 0,
        t.clientWidth,
      ]),
    );
    assert(
      fit.every(([table, tile]) => table <= tile),
      `print view: each tile's table within its tile (table, tile px): ${JSON.stringify(fit)}`,
    );
  } finally {
    await s.context.close();
  }
}

/**
 * A dashboard prints as a summary: an LTV tile (a row per client, ≈ 1,000 in the demo) prints
 * its first 50 clients in the tile's order and says how many it left out — by Ctrl+P and by the
 * print view, in the UI language — while the LTV report's own print stays whole.
 */
async function dashboardLongTile({ browser, url, shots }, lang) {
  const s = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url);
  const { page } = s;
  const label = (k) => page.evaluate((key) => window.__crm.locale.t(key), k);
  try {
    await ready(page);
    await openPreset(page, 'ltv', 'ltv');
    const clients = await page.evaluate(() => {
      const t = window.__crm.run.result.table;
      return [...t.getChild('client').toArray()].map(String);
    });
    assert(clients.length > 200, `a long LTV list: ${clients.length} clients`);
    const note = (shown, total) =>
      lang === 'ru'
        ? `Показано строк: ${shown} из ${total.toLocaleString('ru-RU')} — откройте отчёт, чтобы напечатать его целиком`
        : `${shown} of ${total.toLocaleString('en-US')} rows shown — open the report to print it whole`;
    const expected = note(50, clients.length).replace(/\s+/g, ' ');

    // The report's own print view: every client.
    await page
      .getByRole('button', { name: await label('print') })
      .first()
      .click();
    await page.locator('.print-overlay table td').first().waitFor({ timeout: 30_000 });
    const whole = await page.locator('.print-overlay tbody tr').count();
    assert(whole === clients.length, `the report prints whole: ${whole} of ${clients.length}`);
    await page.keyboard.press('Escape');

    await toDashboard(page, 'LTV');
    await settled(page);
    // On screen: every row out of sight counted (past the 12 drawn, or under the tile's box's
    // edge), the count written the language's way.
    const more = (await page.locator('.dashboard .tile .more.rows').innerText()).replace(
      /\s+/g,
      ' ',
    );
    const inSight = await page.locator('.dashboard .tile .table').evaluate((box) => {
      const b = box.getBoundingClientRect();
      const head = box.querySelector('thead').getBoundingClientRect().bottom;
      const bottom = b.top + box.clientTop + box.clientHeight;
      return [...box.querySelectorAll('tbody tr.data')].filter((r) => {
        const x = r.getBoundingClientRect();
        return x.top >= head - 0.5 && x.bottom <= bottom + 0.5;
      }).length;
    });
    const rest = (clients.length - inSight).toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US');
    assert(more.includes(rest.replace(/\s+/g, ' ')), `on screen: “${more}” counts ${rest}`);

    // Ctrl+P: a few pages, the first 50 clients in the tile's order, the note, not the 51st.
    const pdf = `${shots}/page-print-dashboard-ltv-${lang}.pdf`;
    const out = await printPage(page, pdf);
    // In reading order (not -layout): a name wrapped in its cell reads on as one.
    const flat = poppler('pdftotext', ['-raw', pdf, '-']).replace(/\s+/g, ' ');
    assert(out.n <= 3, `Ctrl+P: a summary, not ${out.n} pages`);
    const missing = clients.slice(0, 50).filter((c) => !flat.includes(c));
    assert(missing.length === 0, `Ctrl+P: the first 50 clients printed, missing ${missing}`);
    assert(!flat.includes(clients[clients.length - 1]), 'Ctrl+P: the last client is left out');
    assert(flat.includes(expected), `Ctrl+P: the note “${expected}”:\n${out.text.slice(-600)}`);

    // The dashboard's print view: the same 50 rows and note.
    await page
      .getByRole('button', { name: await label('print') })
      .first()
      .click();
    await page.locator('.print-overlay .tile table td').first().waitFor({ timeout: 30_000 });
    const rows = await page.locator('.print-overlay .tile tbody tr').count();
    assert(rows === 50, `print view: 50 rows, not ${rows}`);
    const shown = (await page.locator('.print-overlay .tile .more').innerText()).replace(
      /\s+/g,
      ' ',
    );
    assert(shown === expected, `print view: the note “${shown}”, expected “${expected}”`);
  } finally {
    await s.context.close();
  }
}

export function tests({ browser, url, shots }) {
  return [
    ...['en', 'ru'].map((lang) => [
      `page print (${lang}): a dashboard's long LTV tile prints its first 50 clients and says so`,
      () => dashboardLongTile({ browser, url, shots }, lang),
    ]),
    ...['en', 'ru'].map((lang) => pagePrint({ browser, url, shots }, lang)),
    [
      'page print: a dashboard tile prints all its rows, not the 12 shown',
      () => dashboardTileWhole({ browser, url, shots }),
    ],
  ];
}

function pagePrint({ browser, url, shots }, lang) {
  return [
    `page print (${lang}): the report, a funnel, LTV and the dashboard print without controls`,
    async () => {
      const s = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url);
      const { page } = s;
      try {
        await ready(page);
        const banned = await controls(page);

        // The default report: a cross-tab by quarter with its chart.
        const t = await title(page);
        const numbers = await someNumbers(page, '.main table tbody td');
        const main = await printPage(page, `${shots}/page-print-${lang}.pdf`);
        assertReport(main, { title: t, numbers, banned, what: 'default report' });
        const period = await page.evaluate(() => window.__crm.locale.t('reportPeriod'));
        assert(main.text.includes(period), `the period in words (“${period}”)`);
        assert(
          (await page.locator('.print-overlay').count()) === 0,
          'the print view closes after the print',
        );

        // A wide table (every month as a column) turns the page rather than losing columns.
        await page.evaluate(() => {
          const wb = window.__crm;
          wb.report.update({
            ...wb.report.spec,
            columns: [{ field: 'created_at', grain: 'month' }],
            measures: ['revenue'],
            period: null,
            compare: null,
          });
        });
        await ready(page);
        await settled(page);
        // The column header row (months); the last row names the measure under each.
        const heads = await page
          .locator('.main table thead tr')
          .first()
          .locator('th')
          .allInnerTexts();
        const lastHead = heads
          .map((h) => h.replace(/[↑↓]/g, '').trim())
          .filter(Boolean)
          .at(-1);
        const wide = await printPage(page, `${shots}/page-print-wide-${lang}.pdf`);
        assert(
          wide.first.width > wide.first.height,
          `wide: landscape ${wide.first.width}×${wide.first.height}`,
        );
        assert(
          wide.first.text.includes(lastHead),
          `wide: the rightmost column “${lastHead}” printed`,
        );

        for (const [preset, analysis] of [
          ['funnel', 'funnel'],
          ['ltv', 'ltv'],
        ]) {
          await openPreset(page, preset, analysis);
          const t2 = await title(page);
          const nums = await someNumbers(page, `table.flat[data-analysis="${analysis}"] tbody td`);
          const out = await printPage(page, `${shots}/page-print-${preset}-${lang}.pdf`);
          assertReport(out, { title: t2, numbers: nums, banned, what: preset });
        }

        // The dashboard: one saved report on it. Its rightmost column is the report's (the tile
        // on screen fits what it can and counts the rest; paper has them all).
        const name = lang === 'ru' ? 'LTV на дашборде' : 'LTV on the dashboard';
        const label = (k) => page.evaluate((key) => window.__crm.locale.t(key), k);
        const tileHeads = await page
          .locator('table.flat[data-analysis="ltv"] thead tr')
          .first()
          .locator('th')
          .allInnerTexts();
        await toDashboard(page, name);
        await settled(page);
        const tileNums = await someNumbers(page, '.dashboard .tile table tbody td');
        const dash = await printPage(page, `${shots}/page-print-dashboard-${lang}.pdf`);
        assertReport(dash, {
          title: await label('dashboardTitle'),
          numbers: tileNums,
          banned,
          what: 'dashboard',
        });
        assert(dash.text.includes(name), 'dashboard: the tile’s name printed');
        const tileLast =
          tileHeads
            .map((h) => h.trim())
            .filter(Boolean)
            .at(-1) ?? '';
        assert(
          dash.text.replace(/\s+/g, '').includes(tileLast.replace(/\s+/g, '')),
          `dashboard: the tile’s rightmost column “${tileLast}” printed`,
        );
      } finally {
        await s.context.close();
      }
    },
  ];
}
