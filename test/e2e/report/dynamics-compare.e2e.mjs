// Relationship dynamics against the same quarter a year before, as a head of sales asks it on the
// built site ("do we have more regular clients than this quarter last year, and did we lose
// more"), in English and Russian: "Same period last year" is pressed on Q3 2025, the table gains
// the earlier quarter's clients, Δ and Δ % with the numbers plain SQL over the demo gives, the
// status that changed most for the better and for the worse is marked, the printed sheet and a
// dashboard tile keep them (the transition matrix compared: transitions-compare.e2e.mjs).
import { mkdirSync } from 'node:fs';
import { assert, openPage, settled } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';
import { dashboardTile, printedText } from './compared-outputs.mjs';

const SPEC = 'v=1&a=dynamics&from=2025-07-01&to=2025-09-30';

// Clients per status in 2025-Q3 and 2024-Q3 (new, repeat, regular, returned, lapsed, lost), by a
// hand-written query over the demo's deals (20,000 deals, seed 1) in DuckDB: per client and
// quarter, the purchase quarters so far and the latest one before, by the rules of
// docs/metrics.md (the same query as test/crm/analyses/dynamics-compare.test.ts).
const CLIENTS = {
  now: [101, 57, 165, 138, 416, 580],
  before: [134, 52, 105, 90, 367, 238],
};

const WORDS = {
  en: {
    button: 'Same period last year',
    range: 'Q3 2025 vs Q3 2024',
    clients: 'Clients',
    previous: 'Clients, previous',
    growth: 'Clients, Δ %',
    statuses: ['New', 'Repeat', 'Regular', 'Returned', 'Lapsed', 'Lost'],
    marks: ['best', 'worst'],
  },
  ru: {
    button: 'С тем же периодом год назад',
    range: '3 кв. 2025 и 3 кв. 2024',
    clients: 'Клиенты',
    previous: 'Клиенты, пред.',
    growth: 'Клиенты, Δ %',
    statuses: ['Новые', 'Повторные', 'Постоянные', 'Вернувшиеся', 'Уснувшие', 'Ушедшие'],
    marks: ['лучший', 'худший'],
  },
};

const num = (s) => Number(s.replace(/−/g, '-').replace(/[^\d-]/g, ''));

async function check(page, lang) {
  const w = WORDS[lang];
  await page.locator('table.flat[data-analysis="dynamics"]').waitFor({ timeout: 30_000 });
  const range = (await page.getByTestId('compare-range').innerText()).trim();
  assert(range === w.range, `${lang}: the comparison's sides: “${range}”`);
  const headers = await page.$$eval('table.flat thead th', (ths) =>
    ths.map((th) => th.textContent.trim()),
  );
  const col = (label) => headers.indexOf(label);
  assert(
    col(w.previous) === col(w.clients) + 1 && col(w.growth) > col(w.previous),
    `${lang}: the earlier quarter's and the Δ % columns: ${headers.join(' | ')}`,
  );
  const rows = await page.$$eval('table.flat tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('th, td')].map((td) => td.textContent.trim())),
  );
  const status = rows.map((r) => r[1]);
  assert(status.join() === w.statuses.join(), `${lang}: one row per status: ${status.join()}`);
  const now = rows.map((r) => num(r[col(w.clients)]));
  const before = rows.map((r) => num(r[col(w.previous)]));
  assert(
    now.join() === CLIENTS.now.join() && before.join() === CLIENTS.before.join(),
    `${lang}: clients against plain SQL: ${now.join()} / ${before.join()}`,
  );
  // Regular +57 % is the best news; lost +144 % the worst (a rise of lost clients is bad news).
  const marked = await page.$$eval('table.flat tbody tr', (trs) =>
    trs.flatMap((tr) =>
      [...tr.querySelectorAll('.mark')].map((m) => [
        tr.querySelectorAll('th, td')[1]?.textContent.trim(),
        m.textContent.trim(),
      ]),
    ),
  );
  assert(
    JSON.stringify(marked) ===
      JSON.stringify([
        [w.statuses[2], w.marks[0]],
        [w.statuses[5], w.marks[1]],
      ]),
    `${lang}: best and worst status: ${JSON.stringify(marked)}`,
  );
  // Bad news red, by its meaning: fewer new clients (−25 %), more lapsed (+13 %) and lost
  // (+144 %) ones; more regular, repeat and returned ones are good news and stay black.
  const red = await redCells(page, 'table.flat');
  const growthRed = await page.$$eval('table.flat tbody td[data-key="clients_growth"]', (tds) =>
    tds.map((td) => td.classList.contains('neg')),
  );
  assert(
    JSON.stringify(growthRed) === JSON.stringify([true, false, false, false, true, true]),
    `${lang}: the Δ % of new, lapsed and lost red: ${JSON.stringify(red)}`,
  );
  // And bold: a colour-blind reader or a greyscale printout loses the red (the pivot's rule).
  const bold = await page.$$eval('table.flat tbody td[data-key="clients_growth"]', (tds) =>
    tds.map((td) => Number(getComputedStyle(td).fontWeight) >= 600),
  );
  assert(
    JSON.stringify(bold) === JSON.stringify(growthRed),
    `${lang}: bad news bold, the rest regular: ${JSON.stringify(bold)}`,
  );
  return red;
}

/**
 * Per row, by its status (the row's second cell), the texts of its cells coloured as bad news
 * (`.neg`) and of all its cells, whitespace left out: the table on screen and a tile's alike.
 */
const redCells = (page, table) =>
  page.$$eval(`${table} tbody tr`, (trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('th, td')];
      const text = (c) => c.textContent.replace(/\s+/g, '');
      return {
        status: cells[1]?.textContent.trim(),
        red: cells.filter((c) => c.classList.contains('neg')).map(text),
        all: cells.map(text),
      };
    }),
  );

export function tests({ browser, url, shots }) {
  // The screenshots a person looks at, also kept apart from the run's.
  const look = '/tmp/dyncmp';
  mkdirSync(look, { recursive: true });
  const shot = async (page, name) => {
    for (const dir of [shots, look])
      await page.screenshot({ path: `${dir}/dynamics-compare-${name}.png`, fullPage: true });
  };
  return ['en', 'ru'].map((lang) => [
    `dynamics compare (${lang}): same period last year, earlier clients as plain SQL, best and worst status`,
    async () => {
      const w = WORDS[lang];
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}#${SPEC}`, {
        width: 1440,
        height: 900,
      });
      try {
        await ready(page);
        await page.locator('table.flat[data-analysis="dynamics"]').waitFor({ timeout: 30_000 });
        await settled(page);
        await shot(page, `${lang}-plain`);
        await page.setViewportSize({ width: 768, height: 900 });
        await settled(page);
        await shot(page, `${lang}-plain-768`);
        await page.setViewportSize({ width: 1440, height: 900 });
        await page.getByRole('button', { name: w.button, exact: true }).click();
        await page.waitForFunction(() => location.href.includes('cmp=year'), null, {
          timeout: 10_000,
        });
        await settled(page);
        const red = await check(page, lang);
        await shot(page, lang);
        await page.setViewportSize({ width: 768, height: 900 });
        await settled(page);
        await check(page, lang);
        await shot(page, `${lang}-768`);
        await page
          .locator('table.flat')
          .screenshot({ path: `${look}/dynamics-compare-${lang}-768-table.png` });
        await page.setViewportSize({ width: 1440, height: 900 });
        await settled(page);

        // The printed sheet: both periods named, the earlier quarter's column and the marks.
        const flat = await printedText(page, `${look}/dynamics-compare-${lang}.pdf`);
        for (const words of [w.range, w.previous, ...w.marks, String(CLIENTS.before[5])])
          assert(flat.includes(words), `${lang}: the printed sheet holds “${words}”: ${flat}`);

        // On a dashboard tile: both sides named, and the clients' growth kept with its marks.
        const { tile, period, marks: words } = await dashboardTile(page, 'Dynamics Q3');
        assert(period === w.range, `${lang}: the tile's period: “${period}”`);
        assert(
          w.marks.every((m) => words.includes(m)),
          `${lang}: the tile marks the best and worst status: ${words.join(', ')}`,
        );
        for (const dir of [shots, look])
          await tile.screenshot({ path: `${dir}/dynamics-compare-${lang}-tile.png` });
        // Red on the tile exactly where the same number is red on screen (one rule: bad-news.ts).
        const onTile = await redCells(page, '.dashboard .tile');
        assert(onTile.length === red.length, `${lang}: the tile's rows: ${JSON.stringify(onTile)}`);
        onTile.forEach((row, i) => {
          const screen = red[i].red.filter((t) => row.all.includes(t));
          assert(
            row.status === red[i].status && row.red.join('|') === screen.join('|'),
            `${lang}: ${row.status}: red on the tile ${row.red.join(', ')}, on screen ${screen.join(', ')}`,
          );
        });
        assert(errors.length === 0, `${lang}: console errors ${errors}`);
      } finally {
        await context.close();
      }
    },
  ]);
}
