// LTV against the same period last year, as a head of sales asks it on the built site, in English
// and Russian: "Same period last year" is pressed on LTV over 2025, the table gains each client's
// 2024 revenue, Δ and Δ % with the numbers plain SQL over the demo gives, a client new in 2025
// reads "new", the clients who stopped buying are listed at the end (0 now, −100 %), the biggest
// rise and fall are marked, and the chart says who it leaves out — at 1440 and 768 px.
import { mkdirSync } from 'node:fs';
import { assert, openPage, settled } from '../harness.mjs';
import { ready, toDashboard } from '../main.e2e.mjs';
import { headersOf, rowsOf } from './flat-table.mjs';

const SPEC = 'v=1&a=ltv&from=2025-01-01&to=2025-12-31';

// Won deals closed in 2025 and in 2024 per client, by a hand-written FULL JOIN over the demo's
// deals (20,000 deals, seed 1) in DuckDB, ordered by 2025 revenue, then 2024 revenue: 1,426
// clients of either year, 369 of them without a purchase in 2025, 510 without one in 2024.
const TOP = [
  { revenue: 1237927, previous: 1452207, delta: -214280 },
  { revenue: 1234212, previous: 0, delta: 1234212, fresh: true },
  { revenue: 987171, previous: 263297, delta: 723874 },
  { revenue: 955647, previous: 0, delta: 955647, fresh: true },
];
const CLIENTS = 1426;
const LAPSED = 369;
// The biggest fall: a client who bought 1,947,001 in 2024 (20 deals) and nothing in 2025.
const WORST = 1947001;

const WORDS = {
  en: {
    button: 'Same period last year',
    range: '2025 vs 2024',
    revenue: 'Revenue',
    previous: 'Revenue, previous',
    delta: 'Revenue, Δ',
    growth: 'Revenue, Δ %',
    dealsPrevious: 'Purchases, previous',
    fresh: 'new',
    marks: ['best', 'worst'],
    lost: /^−100\.0\s?%$/,
    note: 'Clients who bought only in the earlier period have no segment: not drawn',
    more: /^Show \d+ more rows$/,
  },
  ru: {
    button: 'С тем же периодом год назад',
    range: '2025 и 2024',
    revenue: 'Выручка',
    previous: 'Выручка, пред.',
    delta: 'Выручка, Δ',
    growth: 'Выручка, Δ %',
    dealsPrevious: 'Покупки, пред.',
    fresh: 'новый',
    marks: ['лучший', 'худший'],
    lost: /^−100,0\s?%$/,
    note: 'Клиенты, покупавшие только в прошлом периоде, без сегмента: на графике их нет',
    more: /^Показать ещё \d+ строк$/,
  },
};

/** A formatted amount as a number: digits and the sign, whatever the language's marks. */
const num = (s) => Number(s.replace(/[−–]/g, '-').replace(/[^\d-]/g, ''));

/** How the table meets its box: stacked or not, no sideways scroll, the columns it left out. */
const fitOf = (page) =>
  page.evaluate(() => {
    const table = document.querySelector('table.flat');
    const box = table.parentElement;
    return {
      stacked: table.classList.contains('stacked'),
      fits: box.scrollWidth <= box.clientWidth + 1,
      note: document.querySelector('.left-out')?.textContent.trim() ?? '',
    };
  });

async function check(page, lang) {
  const w = WORDS[lang];
  await page.locator('main .chart svg').first().waitFor({ timeout: 30_000 });
  const range = (await page.getByTestId('compare-range').innerText()).trim();
  assert(range === w.range, `${lang}: the comparison's sides: “${range}”`);
  const headers = await headersOf(page);
  const col = (label) => headers.indexOf(label);
  assert(
    [w.previous, w.delta, w.growth, w.dealsPrevious].every((h) => col(h) > col(w.revenue)),
    `${lang}: the earlier period's, Δ and Δ % columns: ${headers.join(' | ')}`,
  );
  const rows = await rowsOf(page);
  TOP.forEach((t, i) => {
    const r = rows[i];
    const got = [num(r[col(w.revenue)]), num(r[col(w.previous)]), num(r[col(w.delta)])];
    assert(
      got.join() === [t.revenue, t.previous, t.delta].join(),
      `${lang}: row ${i + 1} against plain SQL: ${got.join()} (want ${t.revenue}, ${t.previous}, ${t.delta})`,
    );
    if (t.fresh)
      assert(
        r[col(w.growth)] === w.fresh,
        `${lang}: a client new in 2025 reads “${w.fresh}”: “${r[col(w.growth)]}”`,
      );
  });
  // A marked Δ stays inside its cell, however narrow (it ran over the growth beside it at 768 px).
  const over = await page.$$eval('table.flat .mark', (marks) =>
    marks
      .filter(
        (m) => m.getBoundingClientRect().right > m.closest('td').getBoundingClientRect().right + 1,
      )
      .map((m) => m.closest('td').textContent.trim()),
  );
  assert(over.length === 0, `${lang}: a mark runs out of its cell: ${over.join(' | ')}`);
  // "New" carries the pivot's title: why the growth has no number.
  const titles = await page.$$eval('table.flat .tier', (els) => els.map((e) => e.title));
  const want = await page.evaluate(() => window.__crm.locale.t('growthNewTitle'));
  assert(
    titles.length > 0 && titles.every((t) => t === want),
    `${lang}: “${w.fresh}” is titled: ${titles[0]}`,
  );
  const note = await page.locator('main').innerText();
  assert(note.includes(w.note), `${lang}: the chart says whom it leaves out`);
}

/** Shows every row ("Show N more rows" until none is left) and checks the lapsed clients. */
async function checkAll(page, lang) {
  const w = WORDS[lang];
  for (let i = 0; i < 20; i++) {
    const more = page.locator('p.more button');
    if ((await more.count()) === 0) break;
    const text = (await more.innerText()).trim();
    assert(w.more.test(text), `${lang}: the show-more button: “${text}”`);
    await more.click();
    await settled(page);
  }
  const headers = await headersOf(page);
  const col = (label) => headers.indexOf(label);
  const rows = await rowsOf(page);
  assert(rows.length === CLIENTS, `${lang}: every client of either year: ${rows.length}`);
  const lapsed = rows.filter((r) => num(r[col(w.revenue)]) === 0 && num(r[col(w.previous)]) > 0);
  assert(lapsed.length === LAPSED, `${lang}: clients who stopped buying: ${lapsed.length}`);
  assert(
    lapsed.every((r) => w.lost.test(r[col(w.growth)].replace(/\u00a0/g, ' '))),
    `${lang}: each reads −100 %: ${lapsed
      .slice(0, 3)
      .map((r) => r[col(w.growth)])
      .join(' | ')}`,
  );
  assert(
    rows.slice(-LAPSED).every((r) => num(r[col(w.revenue)]) === 0),
    `${lang}: they come last`,
  );
  const marked = await page.$$eval('table.flat tbody tr', (trs) =>
    trs
      .map((tr) => [...tr.querySelectorAll('.mark')].map((m) => [m.textContent.trim(), tr]))
      .flat()
      .map(([word, tr]) => [word, tr.textContent]),
  );
  const words = marked.map(([word]) => word);
  assert(
    w.marks.every((m) => words.includes(m)),
    `${lang}: the best and worst change marked: ${words.join(', ')}`,
  );
  const worst = rows.find((r) => num(r[col(w.delta)]) === -WORST);
  assert(worst && worst[col(w.delta)].includes(w.marks[1]), `${lang}: the biggest fall is “worst”`);
}

export function tests({ browser, url, shots }) {
  // The screenshots a person looks at, also kept apart from the run's.
  const look = '/tmp/ltvcmp';
  mkdirSync(look, { recursive: true });
  return ['en', 'ru'].map((lang) => [
    `ltv compare (${lang}): same period last year, previous/Δ/Δ % per client as plain SQL, lapsed listed`,
    async () => {
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}#${SPEC}`, {
        width: 1440,
        height: 900,
      });
      try {
        await ready(page);
        await page.locator('table.flat[data-analysis="ltv"]').waitFor({ timeout: 30_000 });
        await settled(page);
        // Before: the one-period table, no comparison columns.
        const before = await headersOf(page);
        assert(!before.includes(WORDS[lang].previous), `${lang}: no earlier column before`);
        await page.screenshot({ path: `${look}/ltv-${lang}-1440.png`, fullPage: true });
        await page.setViewportSize({ width: 768, height: 900 });
        await settled(page);
        await page.screenshot({ path: `${look}/ltv-${lang}-768.png`, fullPage: true });
        await page.setViewportSize({ width: 1440, height: 900 });
        await settled(page);

        await page.getByRole('button', { name: WORDS[lang].button, exact: true }).click();
        await page.waitForFunction(() => location.href.includes('cmp=year'), null, {
          timeout: 10_000,
        });
        await settled(page);
        await check(page, lang);
        // A laptop compares clients in a table: it stayed a block per client at 1440 px. It
        // leaves out the columns the others tell (R, F and M first) and says so.
        const wide = await fitOf(page);
        assert(
          !wide.stacked && wide.fits && wide.note.includes('R, F, M'),
          `${lang}: at 1440 px compared LTV is a table that fits: ${JSON.stringify(wide)}`,
        );
        for (const dir of [shots, look])
          await page.screenshot({ path: `${dir}/ltv-compare-${lang}.png`, fullPage: true });
        await page.setViewportSize({ width: 768, height: 900 });
        await settled(page);
        await check(page, lang);
        const narrow = await fitOf(page);
        assert(
          narrow.stacked && narrow.fits && narrow.note === '',
          `${lang}: at 768 px a block per client, every column: ${JSON.stringify(narrow)}`,
        );
        for (const dir of [shots, look])
          await page.screenshot({ path: `${dir}/ltv-compare-${lang}-768.png`, fullPage: true });
        await page.setViewportSize({ width: 1440, height: 900 });
        await settled(page);
        // Print carries the compared columns under the screen's headers, and the words.
        const print = await page.evaluate(() => window.__crm.locale.t('print'));
        await page.getByRole('button', { name: print }).first().click();
        await page.locator('.print-overlay table td').first().waitFor({ timeout: 30_000 });
        const printed = await page
          .locator('.print-overlay table thead th')
          .evaluateAll((ths) => ths.map((th) => th.textContent.trim()));
        const w = WORDS[lang];
        assert(
          [w.previous, w.delta, w.growth].every((h) => printed.includes(h)),
          `${lang}: the printed headers: ${printed.join(' | ')}`,
        );
        const body = await page.locator('.print-overlay table tbody').first().innerText();
        assert(
          body.includes(w.fresh) && body.includes(w.marks[0]),
          `${lang}: the print reads “${w.fresh}” and “${w.marks[0]}”`,
        );
        await page.screenshot({ path: `${look}/ltv-compare-${lang}-print.png` });
        await page.keyboard.press('Escape');
        await page.locator('.print-overlay').waitFor({ state: 'detached', timeout: 10_000 });
        await checkAll(page, lang);
        await page.locator('table.flat tbody tr').last().scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${look}/ltv-compare-${lang}-end.png` });
        // On a dashboard tile: both sides named, and the change of revenue kept with its mark.
        // A fresh page: finding a button by its name among the thousands of drill links of every
        // row shown took longer than the test waits.
        await page.reload();
        await ready(page);
        await settled(page);
        await toDashboard(page, 'LTV 2025');
        const tile = page.locator('.dashboard .tile').first();
        const period = (await tile.locator('.period').first().innerText()).trim();
        assert(period === w.range, `${lang}: the tile's period: “${period}”`);
        const tileHeaders = await tile
          .locator('table thead th')
          .evaluateAll((ths) => ths.map((th) => th.textContent.trim()));
        assert(tileHeaders.includes(w.delta), `${lang}: the tile keeps ${w.delta}: ${tileHeaders}`);
        await tile.screenshot({ path: `${look}/ltv-compare-${lang}-tile.png` });
        assert(errors.length === 0, `${lang}: console errors ${errors}`);
      } finally {
        await context.close();
      }
    },
  ]);
}
