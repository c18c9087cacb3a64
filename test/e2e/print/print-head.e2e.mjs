// What a printout says about itself, and a long tile on paper. Under its title a printed report
// names, in one small line, its data, period, comparison, filters and when it was printed — by
// the print view and by the browser's own print (Ctrl+P; page.pdf fires beforeprint) — in the UI
// language. And a dashboard's LTV tile of 50 clients, whose Russian names wrap to three lines,
// starts under that heading (it was measured at the window's width, kept whole and moved past
// it) and never has a row cut by a page's end (a wrapped name printed half on each page: only
// the print view's sheet kept rows whole). A first tile that fits a page but not under the heading
// starts under it too (it was moved whole to page 2 and the heading printed alone on page 1).
// Read back from the PDF with poppler, like print.e2e.mjs.
import { spawnSync } from 'node:child_process';
import { assert, openPage } from '../harness.mjs';
import { ready, toDashboard } from '../main.e2e.mjs';
import { openPreset, pageText, pages } from './print.e2e.mjs';

const squash = (t) => t.replace(/\s+/g, ' ').trim();
const bare = (t) => t.replace(/\s+/g, '');

/** Each page's text in content order (-raw: a row's cells one after another), spaces dropped. */
function rawPages(pdf) {
  const out = [];
  for (let i = 1; i <= pages(pdf); i++) {
    const r = spawnSync('pdftotext', ['-raw', '-f', String(i), '-l', String(i), pdf, '-'], {
      encoding: 'utf8',
    });
    out.push(bare(r.stdout));
  }
  return out;
}

/** What the line must say, in the page's language: the labels, the dataset, today's date. */
const expected = (page) =>
  page.evaluate(() => {
    const wb = window.__crm;
    const t = wb.locale.t;
    const locale = wb.locale.lang === 'ru' ? 'ru-RU' : 'en-US';
    return {
      data: `${t('reportData')}: ${t('demoData')}: ${wb.data.model.name}`,
      period: `${t('reportPeriod')}:`,
      filters: `${t('reportFilters')}:`,
      compare: `${t('reportCompare')}:`,
      today: new Date().toLocaleDateString(locale, { dateStyle: 'medium' }),
      printed: t('printedAt', { date: '' }).trim(),
    };
  });

function assertLine(text, want, what, compared) {
  const flat = squash(text);
  for (const k of ['data', 'period', 'filters', ...(compared ? ['compare'] : [])])
    assert(flat.includes(squash(want[k])), `${what}: “${want[k]}” in:\n${flat.slice(0, 400)}`);
  // "Printed Dec 7, 2026, 2:40 AM" / «Напечатано 7 дек. 2026 г., 02:40»: the day and the minute.
  const at = flat.indexOf(squash(want.printed));
  assert(at >= 0, `${what}: “${want.printed}” in:\n${flat.slice(0, 400)}`);
  const rest = flat.slice(at, at + 60);
  assert(rest.includes(squash(want.today)), `${what}: today (${want.today}) in “${rest}”`);
  assert(/\d{1,2}:\d{2}/.test(rest), `${what}: the time in “${rest}”`);
}

async function reportHead({ browser, url, shots }, lang) {
  const s = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url);
  const { page } = s;
  try {
    await ready(page);
    await page.evaluate(() => {
      const wb = window.__crm;
      wb.report.update({
        ...wb.report.spec,
        period: { from: '2025-01-01', to: '2025-03-31' },
        compare: 'year',
      });
    });
    await ready(page);
    const want = await expected(page);
    // The browser's own print.
    const ctrlp = `${shots}/print-head-${lang}.pdf`;
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: ctrlp, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    assertLine(pageText(ctrlp, 1).text, want, 'Ctrl+P', true);
    // The print view.
    const print = await page.evaluate(() => window.__crm.locale.t('print'));
    await page.getByRole('button', { name: print }).first().click();
    await page.locator('.print-overlay table td').first().waitFor({ timeout: 30_000 });
    assertLine(await page.getByTestId('print-facts').innerText(), want, 'print view', true);
    const viewPdf = `${shots}/print-head-view-${lang}.pdf`;
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: viewPdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    assertLine(pageText(viewPdf, 1).text, want, 'print view PDF', true);
  } finally {
    await s.context.close();
  }
}

/**
 * The dashboard with the LTV tile, printed by Ctrl+P and by its print view, the tile moved down
 * by 0–40 px under the heading (its line grows with a long filter list or dataset name): the
 * first page has the tile's first client, and each printed row's cells are all on one page.
 */
async function longTile({ browser, url, shots }, lang) {
  const s = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url);
  const { page } = s;
  try {
    await ready(page);
    await openPreset(page, 'ltv');
    const first = await page.evaluate(() =>
      String(window.__crm.run.result.table.getChild('client').get(0)),
    );
    await toDashboard(page, 'LTV');
    const want = await expected(page);
    for (const via of ['ctrlp', 'view']) {
      if (via === 'view') {
        const print = await page.evaluate(() => window.__crm.locale.t('print'));
        await page.getByRole('button', { name: print }).first().click();
        await page.locator('.print-overlay .tile table td').first().waitFor({ timeout: 30_000 });
      }
      const root = via === 'view' ? '.print-overlay' : '.main';
      for (const shift of [0, 20, 40]) {
        await page.evaluate(
          ([root, shift]) => {
            const facts = document.querySelector(`${root} .facts`);
            let pad = document.getElementById('e2e-shift');
            if (!pad) {
              pad = document.createElement('div');
              pad.id = 'e2e-shift';
            }
            facts.after(pad);
            pad.style.height = `${shift}px`;
          },
          [root, shift],
        );
        await page.emulateMedia({ media: 'print' });
        // The rows as the print lays them out (the tile lists 50 on beforeprint).
        const rows = await page.evaluate((root) => {
          window.dispatchEvent(new Event('beforeprint'));
          return [...document.querySelectorAll(`${root} .tile tbody tr`)].map((r) =>
            [...r.cells].map((c) => c.innerText).join(''),
          );
        }, root);
        const pdf = `${shots}/print-head-tile-${via}-${shift}-${lang}.pdf`;
        await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
        await page.emulateMedia({ media: 'screen' });
        const what = `${via}, shifted ${shift} px`;
        assert(rows.length === 50, `${what}: 50 rows, not ${rows.length}`);
        const text = rawPages(pdf);
        assert(
          text[0].includes(bare(first)),
          `${what}: the tile starts on the first page, under the heading (${first}); page 1: ${text[0].slice(0, 300)}`,
        );
        const cut = rows.filter((r) => !text.some((p) => p.includes(bare(r))));
        assert(cut.length === 0, `${what}: rows cut by a page's end: ${cut.slice(0, 3)}`);
        if (shift === 0) assertLine(pageText(pdf, 1).text, want, what, false);
      }
      await page.evaluate(() => document.getElementById('e2e-shift')?.remove());
      if (via === 'view') await page.keyboard.press('Escape');
    }
  } finally {
    await s.context.close();
  }
}

/**
 * The dashboard with a Managers tile (its top 24, 23 in Russian) first: it fits a portrait page
 * (1,002 of 1,016 px, its chart drawn at the page's width) but not the room left under the heading. (The
 * pipeline tile was 988 px while its chart was drawn at the window's width and shrunk to the
 * page; drawn for the page, it is taller than one.) Kept whole on one page, it was moved to page 2 and left page 1
 * with the heading alone (the print view: its company line alone, the title gone along with the
 * tile). Printed by Ctrl+P and by the print view, on the page's portrait A4 and on landscape paper
 * (where the tile is taller than a page): page 1 has the heading and the tile's first row, and
 * each printed row's cells are all on one page.
 */
async function firstTile({ browser, url, shots }, lang) {
  const s = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url);
  const { page } = s;
  try {
    await ready(page);
    await openPreset(page, 'managers');
    // Russian names and headers wrap more: one manager fewer.
    const top = lang === 'ru' ? 23 : 24;
    await page.evaluate((limit) => {
      const wb = window.__crm;
      wb.report.update({ ...wb.report.spec, limit });
    }, top);
    await ready(page);
    await page.waitForFunction(() => !document.querySelector('.dot.busy'));
    await toDashboard(page, 'Managers');
    // The tile's chart is laid out once the run is over.
    await page.waitForFunction(() => document.querySelector('.main .tile svg'), null, {
      timeout: 30_000,
    });
    for (const via of ['ctrlp', 'view']) {
      if (via === 'view') {
        const print = await page.evaluate(() => window.__crm.locale.t('print'));
        await page.getByRole('button', { name: print }).first().click();
        await page.locator('.print-overlay .tile svg').first().waitFor({ timeout: 30_000 });
      }
      const root = via === 'view' ? '.print-overlay' : '.main';
      for (const landscape of [false, true]) {
        await page.emulateMedia({ media: 'print' });
        // The chart redrawn at the print media's width (the panels hidden), as it prints.
        await page.waitForTimeout(500);
        const laid = await page.evaluate((root) => {
          window.dispatchEvent(new Event('beforeprint'));
          const tile = document.querySelector(`${root} .tile`);
          // At the page's width (PORTRAIT), as the tile measures itself; the heading at the
          // window's, where it is one line: shorter than on paper.
          const width = tile.style.width;
          tile.style.width = '687px';
          const height = tile.getBoundingClientRect().height;
          tile.style.width = width;
          // The print view's heading starts with its company line, the workbench's with the title.
          const first = document.querySelector(
            root === '.main' ? `${root} .print-head-title` : `${root} .top`,
          );
          const facts = document.querySelector(`${root} .facts`);
          return {
            height,
            head: facts.getBoundingClientRect().bottom - first.getBoundingClientRect().top,
            rows: [...tile.querySelectorAll('tbody tr')].map((r) =>
              [...r.cells].map((c) => c.innerText).join(''),
            ),
          };
        }, root);
        const pdf = `${shots}/print-head-first-${via}-${landscape ? 'landscape' : 'portrait'}-${lang}.pdf`;
        // The page's own A4 portrait (@page), or the paper turned: Chromium lays the page out on
        // the @page size whatever paper page.pdf is given, so the test turns the @page.
        if (landscape)
          await page
            .addStyleTag({ content: '@page { size: A4 landscape; }' })
            .then((tag) => tag.evaluate((el) => (el.id = 'e2e-landscape')));
        await page.pdf({ path: pdf, preferCSSPageSize: true });
        await page.evaluate(() => document.getElementById('e2e-landscape')?.remove());
        await page.emulateMedia({ media: 'screen' });
        const what = `${via}, ${landscape ? 'landscape' : 'portrait'}`;
        assert(
          laid.height <= 1016 && laid.height + laid.head > 1016,
          `${what}: the tile fits a page (${laid.height} px of 1,016) but not under the heading (${laid.head} px)`,
        );
        // The top managers' rows and the total.
        assert(laid.rows.length === top + 1, `${what}: the printed rows: ${laid.rows.length}`);
        const text = rawPages(pdf);
        assert(
          text[0].includes(bare(laid.rows[0])),
          `${what}: the tile starts on the first page, under the heading (${laid.rows[0]}); page 1: ${text[0].slice(0, 300)}`,
        );
        const cut = laid.rows.filter((r) => !text.some((p) => p.includes(bare(r))));
        assert(cut.length === 0, `${what}: rows cut by a page's end: ${cut.slice(0, 3)}`);
      }
      if (via === 'view') await page.keyboard.press('Escape');
    }
  } finally {
    await s.context.close();
  }
}

export function tests(ctx) {
  return [
    ...['en', 'ru'].map((lang) => [
      `print head (${lang}): the line under the title names the data, period, comparison, filters and the moment printed`,
      () => reportHead(ctx, lang),
    ]),
    ...['en', 'ru'].map((lang) => [
      `print head (${lang}): a long LTV tile starts under the heading and no row is cut by a page's end`,
      () => longTile(ctx, lang),
    ]),
    ...['en', 'ru'].map((lang) => [
      `print head (${lang}): a first tile that fits a page but not under the heading starts under it`,
      () => firstTile(ctx, lang),
    ]),
  ];
}
