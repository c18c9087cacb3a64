// A dashboard tile on paper keeps what its notes promise: every column of a wide pivot (printed
// in bands of columns, read back from the PDF, each band whole on a page) and, under the 50-row
// cap, 50 data rows with subtotals on top. By Ctrl+P (page.pdf fires beforeprint) and by the
// dashboard's print view. A report's own print cuts its wide table into bands the same way.
import { spawnSync } from 'node:child_process';
import { assert, openPage } from '../harness.mjs';
import { ready, toDashboard } from '../main.e2e.mjs';
import { printPage, settled } from './page-print.e2e.mjs';
import { pageText, pages, previewPng } from './print.e2e.mjs';

/**
 * A page in `lang` showing the report `patch` makes of the default one, its result settled.
 * Returns the session and `label`, a message of the page's language.
 */
async function openReport({ browser, url }, lang, patch) {
  const s = await openPage(browser, lang === 'ru' ? `${url}?lang=ru` : url);
  const { page } = s;
  try {
    await ready(page);
    await page.evaluate((p) => {
      const wb = window.__crm;
      wb.report.update({ ...wb.report.spec, ...p });
    }, patch);
    await ready(page);
    await settled(page);
  } catch (e) {
    await s.context.close();
    throw e;
  }
  const label = (k) => page.evaluate((key) => window.__crm.locale.t(key), k);
  return { s, page, label };
}

/** Saves the report shown as the dashboard tile `name`, opens the print view; its tile drawn. */
async function printAsTile(page, label, name) {
  await toDashboard(page, name);
  await settled(page);
  await page
    .getByRole('button', { name: await label('print') })
    .first()
    .click();
  const tile = page.locator('.print-overlay .tile');
  await tile.locator('table td').first().waitFor({ timeout: 30_000 });
  return tile;
}
/**
 * Where a banded tile's header rows and body rows fall in a PDF, page by page: `H` where a
 * band's header is (the line of its row labels' heading, `head`), `R` for each row (a line that
 * starts with the first word of a row label in `names`; a wrapped name starts one line). The
 * print view's signature line ("Manager … Date") is not a header.
 */
function bandMarks(pdf, head, names, signatures) {
  return Array.from({ length: pages(pdf) }, (_, i) =>
    pageText(pdf, i + 1)
      .text.split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter((l) => l !== signatures)
      .flatMap((l) =>
        l.startsWith(head)
          ? ['H']
          : names.some((n) => l === n || l.startsWith(`${n} `))
            ? ['R']
            : [],
      ),
  );
}

/**
 * No page break cuts a band (its header and rows) that fits a page: every page that holds rows
 * of a band holds its header above them, and every header has all the rows of its band under
 * it on its page (`names`: the first word of each row label). A band once ran over a page break,
 * its header alone at the foot of a page.
 */
function bandsWhole(pdf, { head, names, signatures }, what) {
  const rows = names.length;
  const marks = bandMarks(pdf, head, names, signatures);
  const seen = marks.flat().filter((m) => m === 'H').length;
  assert(seen > 1, `${what}: the bands' headers in the PDF: ${seen}`);
  for (const [i, page] of marks.entries()) {
    const runs = page.join('').split('H');
    assert(runs[0] === '', `${what}: page ${i + 1} has rows with no header: ${page.join('')}`);
    for (const run of runs.slice(1))
      assert(
        run.length === rows,
        `${what}: page ${i + 1} has a band of ${run.length} rows, not ${rows} (${marks.map((p) => p.join('').replace(/R+/g, (r) => r.length)).join(' / ')})`,
      );
  }
}

/**
 * The 50-row cap counts what its note counts, data rows: a manager × source tile (a subtotal per
 * manager) prints 50 data rows — subtotals on top, each of a whole manager — and its note says
 * "50 of" the data rows it has. It used to count subtotal rows too: 46 data rows printed under
 * "50 of …".
 */
async function dashboardCapCountsData(ctx, lang) {
  const { s, page, label } = await openReport(ctx, lang, {
    rows: [{ field: 'manager' }, { field: 'source' }],
    columns: [],
    measures: ['deals'],
    sort: [],
    totals: true,
    period: null,
    compare: null,
    chart: 'none',
  });
  try {
    // The data rows of the result: no dimension rolled up.
    const data = await page.evaluate(() => {
      const t = window.__crm.run.result.table;
      return [...t.getChild('_grouping').toArray()].filter((g) => Number(g) === 0).length;
    });
    assert(data > 60, `more data rows than the cap: ${data}`);
    const tile = await printAsTile(page, label, 'Cap');
    const kinds = await tile
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.className.split(/\s+/).find((c) => c)));
    const count = (k) => kinds.filter((c) => c === k).length;
    assert(count('data') === 50, `print view: 50 data rows, not ${count('data')}`);
    assert(count('subtotal') > 0, 'print view: subtotals of whole managers kept');
    assert(kinds.at(-1) === 'total', 'print view: the grand total kept');
    const note = (await tile.locator('.more').innerText()).replace(/\s+/g, ' ');
    const expected = (
      lang === 'ru'
        ? `Показано строк: 50 из ${data.toLocaleString('ru-RU')}`
        : `50 of ${data.toLocaleString('en-US')} rows shown`
    ).replace(/\s+/g, ' ');
    assert(note.startsWith(expected), `print view: the note “${note}”, expected “${expected}…”`);
  } finally {
    await s.context.close();
  }
}

/**
 * A wide pivot tile (quarters × sources × three measures, ≈ 80 columns) keeps every column on
 * paper, by Ctrl+P and by the dashboard's print view: its rightmost column's header and a value
 * of it are on a page of the PDF. It used to be cut at the page's right edge.
 */
async function dashboardWideTile(ctx, lang) {
  const { shots } = ctx;
  const { s, page, label } = await openReport(ctx, lang, {
    rows: [{ field: 'manager' }],
    columns: [{ field: 'period', grain: 'quarter' }, { field: 'source' }],
    measures: ['won', 'win_rate', 'revenue'],
    sort: [],
    totals: false,
    chart: 'none',
  });
  try {
    // The rightmost column as the report shows it: its quarter, source and measure headers, and
    // a value of it (a revenue of six digits and more: no other cell prints the same).
    const right = await page.evaluate(() => {
      const table = document.querySelector('.main table');
      const heads = [...table.querySelectorAll('thead tr')].map((tr) =>
        [...tr.children].at(-1).textContent.replace(/[↑↓]/g, '').trim(),
      );
      const values = [...table.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.children].at(-1).textContent.trim(),
      );
      return { heads, value: values.find((v) => /\d{3}\D?\d{3}/.test(v)) ?? '' };
    });
    const tile = await printAsTile(page, label, 'Wide');
    await page.waitForTimeout(300);
    assert(right.value, `a value in the rightmost column: ${JSON.stringify(right)}`);
    const fit = await tile.evaluate((t) =>
      [...t.querySelectorAll('table')].map((x) => x.scrollWidth - t.clientWidth),
    );
    assert(
      fit.every((d) => d <= 1),
      `print view: each band within the tile: ${fit}`,
    );
    // A header may carry soft hyphens (hyphen.ts) where the page breaks it; paper breaks it elsewhere.
    const norm = (t) => t.replace(/[\s$₽€\u00ad]/g, '');
    const check = (text, what) => {
      for (const h of right.heads)
        assert(norm(text).includes(norm(h)), `${what}: the rightmost header “${h}” printed`);
      assert(norm(text).includes(norm(right.value)), `${what}: its value ${right.value} printed`);
    };
    // The row labels' heading and the first word of each row label, as the tile prints them.
    const band = await tile.evaluate((t) => ({
      head: [...t.querySelector('table').querySelectorAll('thead th')]
        .filter((th) => th.cellIndex === 0 && th.textContent.trim())
        .at(-1)
        .textContent.trim(),
      names: [...t.querySelector('table').querySelectorAll('tbody th')].map(
        (th) => th.textContent.trim().split(/\s+/)[0],
      ),
      signatures: ['signManager', 'signDate'].map((k) => window.__crm.locale.t(k)).join(' '),
    }));
    const viewPdf = `${shots}/page-print-dashboard-wide-view-${lang}.pdf`;
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: viewPdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    previewPng(viewPdf);
    const n = pages(viewPdf);
    check(
      Array.from({ length: n }, (_, i) => pageText(viewPdf, i + 1).text).join('\n'),
      'print view',
    );
    bandsWhole(viewPdf, band, 'print view');
    await page.keyboard.press('Escape');
    await page.locator('.print-overlay').waitFor({ state: 'detached' });
    await page.locator('.dashboard .tile table td').first().waitFor({ timeout: 30_000 });
    await settled(page);

    const pdf = `${shots}/page-print-dashboard-wide-${lang}.pdf`;
    const out = await printPage(page, pdf);
    check(out.text, 'Ctrl+P');
    bandsWhole(pdf, band, 'Ctrl+P');
  } finally {
    await s.context.close();
  }
}

/** Opens the report's print view (its table drawn), in the page's language. */
async function openPrint(page, label) {
  await page
    .getByRole('button', { name: await label('print') })
    .first()
    .click();
  await page.locator('.print-overlay table td').first().waitFor({ timeout: 30_000 });
}

/** Prints the page as it is, print media emulated; a PNG of each page beside the PDF. */
async function pdfOf(page, path) {
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  spawnSync('pdftoppm', ['-png', '-r', '60', path, path.replace(/\.pdf$/, '')]);
  return Array.from({ length: pages(path) }, (_, i) => pageText(path, i + 1));
}

/**
 * A report wider than a landscape page — managers × the months of 2025 against 2024: revenue,
 * its previous value, Δ and Δ % under each month and the total, 52 columns — prints every column
 * at a narrow report's type size, in bands of whole months, each band with the row labels, its
 * header rows and the total row, and a line saying which columns it holds; by the print view and
 * by Ctrl+P. The sheet took 40 columns scaled down to tiny type and counted the rest as "not
 * shown".
 */
async function reportBands(ctx, lang) {
  const { shots } = ctx;
  const { s, page, label } = await openReport(ctx, lang, {
    rows: [{ field: 'manager' }],
    columns: [],
    measures: ['revenue'],
    sort: [],
    totals: true,
    period: null,
    compare: null,
    chart: 'none',
  });
  try {
    // A narrow report: one table at the sheet's type size, on a portrait page.
    await openPrint(page, label);
    const narrow = await page.evaluate(() => ({
      font: getComputedStyle(document.querySelector('.print-overlay table')).fontSize,
      bands: document.querySelectorAll('[data-testid=print-band]').length,
      tables: document.querySelectorAll('.print-overlay table').length,
    }));
    assert(
      narrow.bands === 0 && narrow.tables === 1,
      `narrow: one table ${JSON.stringify(narrow)}`,
    );
    const [one] = await pdfOf(page, `${shots}/print-narrow-${lang}.pdf`);
    assert(one.width < one.height, `narrow: a portrait page ${one.width}×${one.height}`);
    await page.keyboard.press('Escape');

    await page.evaluate(() => {
      const wb = window.__crm;
      wb.report.update({
        ...wb.report.spec,
        columns: [{ field: 'period', grain: 'month' }],
        period: { from: '2025-01-01', to: '2025-12-31' },
        compare: 'year',
        // Revenue counts won deals: the filter leaves the numbers and gives the bands a filter to name.
        filters: [{ field: 'status', op: 'in', values: ['won'] }],
      });
    });
    await ready(page);
    await settled(page);
    // Every column as the report shows it: its month (or total) over its measure's column,
    // and the last column's grand total (the total row's last cell).
    const screen = await page.evaluate(() => {
      const table = document.querySelector('.main table');
      const rows = [...table.querySelectorAll('thead tr')];
      const text = (c) => c.textContent.replace(/[↑↓]/g, '').trim();
      const groups = [...rows[0].children].map(text).filter(Boolean);
      const leaves = [...rows.at(-1).querySelectorAll('th.value')].map(text);
      // The body is virtualised: the total row by its class, not as the last row.
      const total = table.querySelector('tbody tr.total');
      return { groups, leaves, total: text([...total.children].at(-1)) };
    });
    assert(screen.groups.length === 13, `12 months and the total: ${screen.groups}`);
    assert(screen.leaves.length === 52, `four columns each: ${screen.leaves.length}`);
    assert(/\d/.test(screen.total), `the last column's total: “${screen.total}”`);

    await openPrint(page, label);
    const sheet = await page.evaluate(() => {
      const text = (c) => c.textContent.trim();
      return {
        period: text(document.querySelector('[data-testid=print-period]')),
        filters: text(document.querySelector('[data-testid=print-filters]')),
        wide: document.querySelector('.print-overlay .sheet').dataset.printWide,
        bands: [...document.querySelectorAll('[data-testid=print-band]')].map((b) => {
          const rows = [...b.querySelectorAll('thead tr')];
          return {
            line: text(b.querySelector('.band-columns')),
            context: b.querySelector('[data-testid=print-band-context]')?.textContent.trim(),
            font: getComputedStyle(b.querySelector('table')).fontSize,
            groups: [...rows[0].children].map(text).filter(Boolean),
            leaves: [...rows.at(-1).children].slice(1).map(text),
            labels: [...b.querySelectorAll('tbody th')].map(text),
            total: text([...b.querySelectorAll('tbody tr')].at(-1).lastElementChild),
          };
        }),
      };
    });
    const { bands } = sheet;
    assert(sheet.wide === 'true', 'a landscape sheet');
    assert(bands.length > 1, `printed in bands: ${bands.length}`);
    const leaves = bands.flatMap((b) => b.leaves);
    assert(
      leaves.join('|') === screen.leaves.join('|'),
      `every column once, in order: ${leaves.length} of ${screen.leaves.length}`,
    );
    const filtered = lang === 'ru' ? 'Статус: выиграна' : 'Status: won';
    assert(sheet.filters === filtered, `the first page's filters: ${sheet.filters}`);
    // A band after the first names the first page's period and filters: a page torn off the
    // printout once read without them.
    bands
      .slice(1)
      .forEach((b, i) =>
        assert(
          b.context?.includes(sheet.period) && b.context.includes(filtered),
          `band ${i + 2} names the period “${sheet.period}” and the filters: “${b.context}”`,
        ),
      );
    let from = 1;
    for (const b of bands) {
      const to = from + b.leaves.length - 1;
      const line = lang === 'ru' ? `Столбцы ${from}–${to} из 52` : `Columns ${from}–${to} of 52`;
      assert(b.line === line, `the band's line “${b.line}”, expected “${line}”`);
      assert(b.font === narrow.font, `the narrow report's type: ${b.font} vs ${narrow.font}`);
      // Whole months: each a month's (or the total's) four columns, the measure first.
      assert(
        b.leaves.length % 4 === 0 && b.leaves.every((l, i) => l === screen.leaves[i % 4]),
        `whole months in a band: ${b.groups.join(', ')} over ${b.leaves.join(', ')}`,
      );
      assert(b.groups.length === b.leaves.length / 4, `a month a group: ${b.groups}`);
      assert(
        b.labels.join('|') === bands[0].labels.join('|') && b.labels.length > 3,
        `the row labels in every band: ${b.labels.length}`,
      );
      from = to + 1;
    }
    assert(bands.at(-1).total === screen.total, `the last column's total: ${bands.at(-1).total}`);

    // A header may carry soft hyphens (hyphen.ts) where the page breaks it; paper breaks it elsewhere.
    const norm = (t) => t.replace(/[\s$₽€\u00ad]/g, '');
    const check = (texts, what) => {
      const all = norm(texts.map((p) => p.text).join('\n'));
      assert(texts[0].width > texts[0].height, `${what}: landscape pages`);
      for (const g of screen.groups) assert(all.includes(norm(g)), `${what}: “${g}” printed`);
      // Each word of the columns' headers as many times as the headers have it (at least: a
      // band running over a page repeats its header rows, and a value may have it too), word by
      // word since a header wraps ("Revenue, / previous, $").
      const words = texts.flatMap((p) => p.text.split(/\s+/));
      const needed = screen.leaves.flatMap((l) => l.split(/\s+/));
      for (const w of new Set(needed)) {
        const n = needed.filter((x) => x === w).length;
        const printed = words.filter((x) => x === w).length;
        assert(printed >= n, `${what}: “${w}” of the headers printed ${printed} times, not ${n}`);
      }
      assert(all.includes(norm(screen.total)), `${what}: the last total ${screen.total}`);
      for (const b of bands) assert(all.includes(norm(b.line)), `${what}: “${b.line}”`);
      // Every page that starts a band (its "Columns …" line) holds the period and the filters.
      const starts = texts.filter((p) => bands.some((b) => norm(p.text).includes(norm(b.line))));
      assert(starts.length > 1, `${what}: bands start on ${starts.length} pages`);
      texts.forEach((p, i) => {
        if (!starts.includes(p)) return;
        const t = norm(p.text);
        assert(
          t.includes(norm(sheet.period)) && t.includes(norm(filtered)),
          `${what}: page ${i + 1} starts a band without the period “${sheet.period}” or the filters`,
        );
      });
    };
    check(await pdfOf(page, `${shots}/print-bands-${lang}.pdf`), 'print view');
    await page.keyboard.press('Escape');
    await page.locator('.print-overlay').waitFor({ state: 'detached' });
    check(await pdfOf(page, `${shots}/print-bands-page-${lang}.pdf`), 'Ctrl+P');
  } finally {
    await s.context.close();
  }
}

export function tests({ browser, url, shots }) {
  return [
    ...['en', 'ru'].map((lang) => [
      `print (${lang}): a wide report prints every column in bands, at a narrow one's type`,
      () => reportBands({ browser, url, shots }, lang),
    ]),
    ...['en', 'ru'].map((lang) => [
      `page print (${lang}): a wide pivot tile keeps its rightmost column on paper`,
      () => dashboardWideTile({ browser, url, shots }, lang),
    ]),
    ...['en', 'ru'].map((lang) => [
      `page print (${lang}): a dashboard tile's 50-row cap counts data rows, not subtotals`,
      () => dashboardCapCountsData({ browser, url }, lang),
    ]),
  ];
}
