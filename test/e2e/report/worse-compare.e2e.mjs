// Lost deals by manager, Q3 2025 against Q3 2024, as a head of sales reads them on the built site
// in English and Russian: more lost deals is the bad news, so the manager whose lost deals fell
// most is marked "best" and the one whose lost deals grew most "worst" — on screen, in print and
// on a dashboard tile — and a rise of lost deals is red where a fall is not, on screen exactly as
// on the tile (one rule: charts/export/bad-news.ts). The numbers stay those of plain SQL.
import { mkdirSync } from 'node:fs';
import { assert, openPage, settled } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';
import { dashboardTile, printedText } from './compared-outputs.mjs';

const SPEC = 'v=1&rows=manager&m=lost&from=2025-07-01&to=2025-09-30&cmp=year';
/** The same, for five managers: a tile shows its first rows, and all five fit on it. */
const five = (names) =>
  `${SPEC}&f=${encodeURIComponent(JSON.stringify([{ field: 'manager', op: 'in', values: names }]))}`;

// Lost deals by close date in Q3 2025 and Q3 2024, by plain SQL over the demo's deals (20,000,
// seed 1; test/query/worse-when-more.test.ts): Emily Parker 28 → 4 (−85.7 %, the largest fall),
// Oscar Bell 6 → 64 (+966.7 %, the largest rise), Chloe Bennett 45 → 46 (+2.2 %).
const LOST = { emily: [4, 28], oscar: [64, 6], chloe: [46, 45] };

const WORDS = {
  en: {
    best: 'best',
    worst: 'worst',
    names: { emily: 'Emily Parker', oscar: 'Oscar Bell', chloe: 'Chloe Bennett' },
    others: ['Leo Harrison', 'Daniel Brooks'],
  },
  ru: {
    best: 'лучший',
    worst: 'худший',
    names: { emily: 'Екатерина Панова', oscar: 'Олег Белкин', chloe: 'Ксения Беляева' },
    others: ['Лев Харитонов', 'Даниил Быстров'],
  },
};

const num = (s) => Number(s.replace(/−/g, '-').replace(/[^\d-]/g, ''));

/**
 * Per row of `table` with a name, by name: its value cells' texts, which of them are red (`.neg`)
 * and the marks it carries; and whether any cell is green (`.pos`).
 */
const rowsOf = (page, table) =>
  page.$$eval(`${table} tbody tr`, (trs) => {
    const out = {};
    for (const tr of trs) {
      const name = tr.querySelector('th')?.textContent.trim();
      if (!name) continue;
      const tds = [...tr.querySelectorAll('td')];
      out[name] = {
        cells: tds.map((td) => td.textContent.trim()),
        red: tds.map((td) => td.classList.contains('neg')),
        marks: [...tr.querySelectorAll('.mark')].map((m) => m.textContent.trim()),
        green: tds.some((td) => td.classList.contains('pos')),
      };
    }
    return out;
  });

async function screenChecks(page, lang) {
  const w = WORDS[lang];
  const rows = await rowsOf(page, 'main table');
  for (const who of ['emily', 'oscar', 'chloe']) {
    const r = rows[w.names[who]];
    assert(r, `${lang}: ${w.names[who]}'s row is shown: ${Object.keys(rows).join(', ')}`);
    const [now, before] = LOST[who];
    // lost, previous, Δ, Δ %: the numbers of plain SQL, unchanged.
    assert(
      [num(r.cells[0]), num(r.cells[1]), num(r.cells[2])].join() ===
        [now, before, now - before].join(),
      `${lang}: ${w.names[who]}'s lost deals against plain SQL: ${r.cells.join(' | ')}`,
    );
  }
  const { emily, oscar, chloe } = Object.fromEntries(
    Object.entries(w.names).map(([k, n]) => [k, rows[n]]),
  );
  assert(/^[−-]85[.,]7\s?%/.test(emily.cells[3]), `${lang}: Emily's Δ %: ${emily.cells[3]}`);
  assert(
    emily.marks.join() === w.best && emily.cells[3].endsWith(w.best),
    `${lang}: the largest fall of lost deals is the best: ${emily.cells[3]}`,
  );
  assert(
    oscar.marks.join() === w.worst && oscar.cells[3].endsWith(w.worst),
    `${lang}: the largest rise of lost deals is the worst: ${oscar.cells[3]}`,
  );
  // Red: a rise of lost deals in Δ %; not their fall, and never the Δ of a count.
  assert(
    JSON.stringify([oscar.red, chloe.red, emily.red]) ===
      JSON.stringify([
        [false, false, false, true],
        [false, false, false, true],
        [false, false, false, false],
      ]),
    `${lang}: red cells of Oscar, Chloe, Emily: ${JSON.stringify([oscar.red, chloe.red, emily.red])}`,
  );
  assert(
    Object.values(rows).every((r) => !r.green),
    `${lang}: no cell is green on screen, as none is on a tile or in print`,
  );
  return rows;
}

/**
 * Per value cell of `table`'s body, whether it is bad news (`.neg`), its weight and colour; and
 * the colour of the text of a cell that is not.
 */
const weights = (page, table) =>
  page.$$eval(`${table} tbody tr:not(.total) td`, (tds) => {
    const plain = tds.find((td) => !td.classList.contains('neg'));
    return {
      plain: plain ? getComputedStyle(plain).color : null,
      cells: tds.map((td) => ({
        neg: td.classList.contains('neg'),
        total: td.classList.contains('total'),
        weight: Number(getComputedStyle(td).fontWeight),
        color: getComputedStyle(td).color,
      })),
    };
  });

/**
 * Bad news is bold as well as red, shaded or not, on screen and in print: with shading on, a
 * rise of lost deals read only by its vermillion background, which a colour-blind reader or a
 * greyscale printout loses (the text's red was dropped to keep it readable on the tint).
 */
async function badNewsWeight(page, table, where) {
  const { plain, cells } = await weights(page, table);
  const bad = cells.filter((c) => c.neg);
  assert(bad.length > 0, `${where}: some bad news`);
  assert(
    bad.every((c) => c.weight >= 600 && c.color !== plain),
    `${where}: bad news bold and coloured (text ${plain}): ${JSON.stringify(bad)}`,
  );
  assert(
    cells.filter((c) => !c.neg && !c.total).every((c) => c.weight < 600),
    `${where}: other values stay regular`,
  );
}

export function tests({ browser, url, shots }) {
  const look = '/tmp/worsemore';
  mkdirSync(look, { recursive: true });
  const shot = async (page, name) => {
    for (const dir of [shots, look])
      await page.screenshot({ path: `${dir}/worse-compare-${name}.png`, fullPage: true });
  };
  const weight = [
    'worse compare: bad news reads by its weight too, shaded or not, on screen and in print (en 1440, ru 768)',
    async () => {
      for (const [lang, width] of [
        ['en', 1440],
        ['ru', 768],
      ]) {
        const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}#${SPEC}`, {
          width,
          height: 1100,
        });
        try {
          await ready(page);
          await settled(page);
          assert(await page.getByTestId('shading').isChecked(), `${lang}: shading is on`);
          await badNewsWeight(page, 'main table', `${lang} ${width}, shaded`);
          await shot(page, `weight-${lang}-${width}-shaded`);
          await page.getByTestId('shading').uncheck();
          await badNewsWeight(page, 'main table', `${lang} ${width}, unshaded`);
          await page
            .getByRole('button', { name: /^(Print|Печать)/ })
            .first()
            .click();
          await page.locator('.print-overlay table td').first().waitFor({ timeout: 30_000 });
          await badNewsWeight(page, '.print-overlay table', `${lang} ${width}, print`);
          assert(errors.length === 0, `${lang}: console errors ${errors}`);
        } finally {
          await context.close();
        }
      }
    },
  ];
  return [
    weight,
    ...['en', 'ru'].map((lang) => [
      `worse compare (${lang}): the largest fall of lost deals is best on screen, in print and on a tile`,
      async () => {
        const w = WORDS[lang];
        const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}#${SPEC}`, {
          width: 1440,
          height: 1100,
        });
        try {
          await ready(page);
          await settled(page);
          await screenChecks(page, lang);
          // A manager new to losing deals reads "new" in the text's own colour, as on a tile.
          const [fresh, plain] = await page.$$eval('main table tbody td', (tds) =>
            [tds.find((td) => td.classList.contains('new')), tds[0]].map((td) =>
              td ? getComputedStyle(td).color : null,
            ),
          );
          assert(fresh && fresh === plain, `${lang}: "new" in ${fresh}, a number in ${plain}`);
          await shot(page, lang);
          await page.setViewportSize({ width: 768, height: 1100 });
          await settled(page);
          await screenChecks(page, lang);
          await shot(page, `${lang}-768`);
          await page.setViewportSize({ width: 1440, height: 1100 });
          await settled(page);

          // Print: each mark right after its manager's numbers.
          const flat = await printedText(page, `${look}/worse-compare-${lang}.pdf`);
          for (const [who, mark] of [
            ['emily', w.best],
            ['oscar', w.worst],
          ]) {
            const at = new RegExp(`${w.names[who]} [^A-Za-zА-Яа-яЁё]*${mark}`);
            assert(at.test(flat), `${lang}: printed, ${w.names[who]} is ${mark}: ${flat}`);
          }

          // The tile, of five managers (a tile shows its first rows): the same marks, and red
          // exactly where the screen is red.
          await page.goto(`${url}?lang=${lang}#${five([...Object.values(w.names), ...w.others])}`);
          await ready(page);
          await settled(page);
          const screen = await screenChecks(page, lang);
          assert(Object.keys(screen).length === 5 + 1, `${lang}: five managers and the total`);
          const { tile, marks } = await dashboardTile(page, 'Lost Q3');
          assert(
            marks.includes(w.best) && marks.includes(w.worst),
            `${lang}: the tile keeps the marks: ${marks.join(', ')}`,
          );
          for (const dir of [shots, look])
            await tile.screenshot({ path: `${dir}/worse-compare-${lang}-tile.png` });
          const onTile = await rowsOf(page, '.dashboard .tile');
          const both = Object.keys(onTile).filter((n) => screen[n]);
          assert(both.length === 6, `${lang}: the tile's rows: ${Object.keys(onTile).join(', ')}`);
          for (const n of both) {
            const t = onTile[n];
            const s = screen[n];
            const red = (r) => r.cells.filter((_, i) => r.red[i]).map((c) => c.replace(/\s+/g, ''));
            assert(
              red(t).join('|') === red(s).join('|') && t.marks.join() === s.marks.join(),
              `${lang}: ${n}: red on the tile ${red(t)}, on screen ${red(s)}; marks ${t.marks} / ${s.marks}`,
            );
          }
          assert(errors.length === 0, `${lang}: console errors ${errors}`);
        } finally {
          await context.close();
        }
      },
    ]),
  ];
}
