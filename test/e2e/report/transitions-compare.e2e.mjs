// Relationship dynamics' transition matrix against the same quarter a year before, as a head of
// sales asks it on the built site ("did more regular clients lapse than last year, and did more
// lapsed ones come back"), in English and Russian: on Q3 2025 with "Same period last year" the
// matrix keeps the comparison (its buttons were disabled), each move's clients stand beside Q3
// 2024's with the numbers plain SQL over the demo gives, under "Clients" over both quarters'
// names, Δ and Δ %; the best and worst move from each status are marked; the chart says it draws
// Q3 2025 alone; the earlier clients of a move are listed; print and a dashboard tile keep the
// comparison.
import { mkdirSync } from 'node:fs';
import { assert, drillTotal, openPage, settled } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';
import { headersOf, rowsOf } from './flat-table.mjs';
import { dashboardTile, printedText } from './compared-outputs.mjs';

const SPEC =
  'v=1&a=dynamics&from=2025-07-01&to=2025-09-30&cmp=year&opt=%7B%22view%22%3A%22transitions%22%7D';

// Client-periods per move (from → to) in 2025-Q3 and 2024-Q3, by a hand-written query over the
// demo's deals (20,000 deals, seed 1) in DuckDB: each client's status per quarter by the rules of
// docs/metrics.md beside the quarter before's (the query of
// test/crm/analyses/dynamics-transitions-compare.test.ts, read at these two quarters).
const MOVES = [
  [null, 'new', 101, 134],
  ['new', 'repeat', 57, 52],
  ['new', 'lapsed', 76, 106],
  ['repeat', 'regular', 20, 29],
  ['repeat', 'lapsed', 28, 27],
  ['regular', 'regular', 105, 60],
  ['regular', 'lapsed', 67, 44],
  ['returned', 'regular', 40, 16],
  ['returned', 'lapsed', 79, 41],
  ['lapsed', 'returned', 85, 67],
  ['lapsed', 'lapsed', 166, 149],
  ['lapsed', 'lost', 149, 115],
  ['lost', 'returned', 53, 23],
  ['lost', 'lost', 431, 123],
];
// Among the moves from each status: the highest growth above 0 is best, the lowest below 0 worst,
// a move to lapsed or lost with its sign turned. From new: 28 % fewer lapsing is the good news;
// from repeat nothing got better; from lost, 431 against 123 staying lost is the worst.
const MARKS = [null, null, 0, 1, null, 0, 1, 0, 1, 0, null, 1, 0, 1];

const WORDS = {
  en: {
    button: 'Same period last year',
    range: 'Q3 2025 vs Q3 2024',
    group: 'Clients',
    parts: ['Q3 2025', 'Q3 2024', 'Δ', 'Δ %'],
    previous: 'Clients, previous',
    status: {
      null: '(first period)',
      new: 'New',
      repeat: 'Repeat',
      regular: 'Regular',
      returned: 'Returned',
      lapsed: 'Lapsed',
      lost: 'Lost',
    },
    marks: ['best', 'worst'],
    note: 'The chart shows the period’s transitions only; the table has the earlier ones',
    earlier: 'Q3 2024',
  },
  ru: {
    button: 'С тем же периодом год назад',
    range: '3 кв. 2025 и 3 кв. 2024',
    group: 'Клиенты',
    parts: ['3 кв. 2025', '3 кв. 2024', 'Δ', 'Δ %'],
    previous: 'Клиенты, пред.',
    status: {
      null: '(первый период)',
      new: 'Новые',
      repeat: 'Повторные',
      regular: 'Постоянные',
      returned: 'Вернувшиеся',
      lapsed: 'Уснувшие',
      lost: 'Ушедшие',
    },
    marks: ['лучший', 'худший'],
    note: 'На графике только переходы периода; прежние — в таблице',
    earlier: '3 кв. 2024',
  },
};

const num = (s) => Number(s.replace(/−/g, '-').replace(/[^\d-]/g, ''));

async function check(page, lang) {
  const w = WORDS[lang];
  await page.locator('table.flat[data-analysis="dynamics"]').waitFor({ timeout: 30_000 });
  const range = (await page.getByTestId('compare-range').innerText()).trim();
  assert(range === w.range, `${lang}: the comparison's sides: “${range}”`);
  assert(
    await page.getByRole('button', { name: w.button, exact: true }).isEnabled(),
    `${lang}: the compare button is enabled on the matrix`,
  );
  const bands = await page.$$eval('table.flat thead th.band', (ths) =>
    ths.map((th) => th.textContent.trim()),
  );
  assert(bands.join() === w.group, `${lang}: “${w.group}” over its columns: ${bands.join(' | ')}`);
  const parts = await page.$$eval('table.flat thead tr:nth-child(2) th', (ths) =>
    ths.map((th) => th.textContent.trim()),
  );
  assert(parts.join('|') === w.parts.join('|'), `${lang}: the parts: ${parts.join(' | ')}`);
  const headers = await headersOf(page);
  assert(headers.includes(w.previous), `${lang}: whole names kept: ${headers.join(' | ')}`);
  const rows = await rowsOf(page);
  const names = (m) => `${w.status[String(m[0])]} → ${w.status[m[1]]}`;
  const shown = rows.map((r) => `${r[0]} → ${r[1]}`);
  assert(
    shown.join() === MOVES.map(names).join(),
    `${lang}: one row per move, in status order: ${shown.join(', ')}`,
  );
  const cells = (key) =>
    page.$$eval(`table.flat tbody td[data-key="${key}"]`, (tds) =>
      tds.map((td) => td.textContent.trim()),
    );
  const now = (await cells('clients')).map(num);
  const before = (await cells('clients_previous')).map(num);
  assert(
    now.join() === MOVES.map((m) => m[2]).join() && before.join() === MOVES.map((m) => m[3]).join(),
    `${lang}: clients against plain SQL: ${now.join()} / ${before.join()}`,
  );
  const marks = await page.$$eval('table.flat tbody tr', (trs) =>
    trs.map((tr) => tr.querySelector('.mark')?.textContent.trim() ?? null),
  );
  const want = MARKS.map((m) => (m === null ? null : w.marks[m]));
  assert(
    JSON.stringify(marks) === JSON.stringify(want),
    `${lang}: best and worst move from each status: ${JSON.stringify(marks)}`,
  );
  const chart = await page.locator('main').innerText();
  assert(chart.includes(w.note), `${lang}: the chart says it draws the period alone`);
}

export function tests({ browser, url, shots }) {
  // The screenshots a person looks at, also kept apart from the run's.
  const look = '/tmp/transcmp';
  mkdirSync(look, { recursive: true });
  const shot = async (page, name) => {
    for (const dir of [shots, look])
      await page.screenshot({ path: `${dir}/transitions-compare-${name}.png`, fullPage: true });
  };
  return ['en', 'ru'].map((lang) => [
    `dynamics transitions compare (${lang}): each move beside Q3 2024's as plain SQL, marks, earlier clients`,
    async () => {
      const w = WORDS[lang];
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}#${SPEC}`, {
        width: 1440,
        height: 900,
      });
      try {
        await ready(page);
        await settled(page);
        await check(page, lang);
        await shot(page, lang);
        await page
          .locator('table.flat')
          .screenshot({ path: `${look}/transitions-compare-${lang}-table.png` });
        await page.setViewportSize({ width: 768, height: 900 });
        await settled(page);
        await check(page, lang);
        await shot(page, `${lang}-768`);
        await page
          .locator('table.flat')
          .screenshot({ path: `${look}/transitions-compare-${lang}-768-table.png` });
        await page.setViewportSize({ width: 1440, height: 900 });
        await settled(page);

        // The earlier clients of lost → returned: Q3 2024's 23, the list naming that quarter.
        const link = page
          .locator('table.flat tbody tr')
          .nth(12)
          .locator('button[data-drill="clients_previous"]');
        await link.click();
        const n = await drillTotal(page);
        assert(n === MOVES[12][3], `${lang}: the earlier clients of lost → returned: ${n}`);
        const dialog = await page.locator('.dialog').first().innerText();
        assert(dialog.includes(w.earlier), `${lang}: the list names ${w.earlier}`);
        await shot(page, `${lang}-drill`);
        await page.keyboard.press('Escape');

        // The printed sheet: both quarters named, the earlier column and the marks.
        const flat = await printedText(page, `${look}/transitions-compare-${lang}.pdf`);
        for (const words of [w.range, w.previous, ...w.marks, String(MOVES[13][3])])
          assert(flat.includes(words), `${lang}: the printed sheet holds “${words}”: ${flat}`);

        // On a dashboard tile: both sides named, the marks kept.
        const { tile, period, marks: words } = await dashboardTile(page, 'Transitions Q3');
        assert(period === w.range, `${lang}: the tile's period: “${period}”`);
        assert(
          w.marks.every((m) => words.includes(m)),
          `${lang}: the tile marks the best and worst move: ${words.join(', ')}`,
        );
        for (const dir of [shots, look])
          await tile.screenshot({ path: `${dir}/transitions-compare-${lang}-tile.png` });
        assert(errors.length === 0, `${lang}: console errors ${errors}`);
      } finally {
        await context.close();
      }
    },
  ]);
}
