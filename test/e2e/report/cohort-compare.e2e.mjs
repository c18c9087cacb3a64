// Cohorts against the same period last year, as a head of sales asks it on the built site ("do
// this year's cohorts keep their clients better than last year's did at the same age?"), in
// English and Russian: "Same period last year" is pressed on the cohorts of 2025, the table
// groups each compared measure's columns under its name with the numbers plain SQL over the demo
// gives, the chart says it draws the period's cohorts only, print carries the compared columns,
// and an earlier cell lists the earlier cohort's clients named by its month — at 1440 and 768 px.
import { mkdirSync } from 'node:fs';
import { assert, drillTotal, openPage, settled } from '../harness.mjs';
import { ready, toDashboard } from '../main.e2e.mjs';
import { headersOf, rowsOf } from './flat-table.mjs';

const SPEC = 'v=1&a=cohort&from=2025-01-01&to=2025-12-31';

// Plain SQL over the demo (20,000 deals, seed 1): clients by the month of their first won deal,
// and those of them who bought k months later. January 2025: 36 clients, 9 back at age 1, 5 at
// age 2; January 2024: 55 clients, 4 back at age 1, 10 at age 2.
const ROWS = [
  { k: 1, active: 9, previous: 4, retention: 25.0, before: 7.3, delta: 17.7 },
  { k: 2, active: 5, previous: 10, retention: 13.9, before: 18.2, delta: -4.3 },
];

const WORDS = {
  en: {
    button: 'Same period last year',
    range: '2025 vs 2024',
    active: 'Active clients',
    activePrevious: 'Active clients, previous',
    retention: 'Retention',
    previous: 'Retention, previous',
    delta: 'Retention, Δ',
    band: ['2025', '2024', 'Δ'],
    note: 'The chart shows the period’s cohorts only; the table has the earlier cohorts',
    earlier: 'Jan 2024',
    cumulative: 'Cumulative revenue per client',
  },
  ru: {
    button: 'С тем же периодом год назад',
    range: '2025 и 2024',
    active: 'Активные клиенты',
    activePrevious: 'Активные клиенты, пред.',
    retention: 'Удержание',
    previous: 'Удержание, пред.',
    delta: 'Удержание, Δ',
    band: ['2025', '2024', 'Δ'],
    note: 'На графике только когорты периода; прежние когорты — в таблице',
    earlier: 'январь 2024',
    cumulative: 'Накопленная выручка на клиента',
  },
};

/** A formatted number as a number: digits, the sign and the decimal mark of either language. */
const num = (s) =>
  Number(
    (
      s
        .replace(/[−–]/g, '-')
        .replace(/[\s\u00a0\u202f]/g, '')
        .match(/-?\d+(?:[.,]\d+)?/)?.[0] ?? 'NaN'
    ).replace(',', '.'),
  );

const bandOf = (page) =>
  page.$$eval('table.flat thead tr:nth-child(2) th', (ths) =>
    ths.slice(0, 3).map((th) => th.textContent.trim()),
  );

async function check(page, lang, stacked) {
  const w = WORDS[lang];
  await page.locator('main .chart svg').first().waitFor({ timeout: 30_000 });
  const range = (await page.getByTestId('compare-range').innerText()).trim();
  assert(range === w.range, `${lang}: the comparison's sides: “${range}”`);
  const text = await page.locator('main').innerText();
  assert(text.includes(w.note), `${lang}: the chart says it shows the period's cohorts only`);
  if (stacked) return;
  const headers = await headersOf(page);
  const col = (label) => headers.indexOf(label);
  assert(
    [w.previous, w.delta].every((h) => col(h) > col(w.retention)) && col(w.activePrevious) > 0,
    `${lang}: the earlier cohort's columns: ${headers.join(' | ')}`,
  );
  const band = await bandOf(page);
  assert(band.join() === w.band.join(), `${lang}: a band named by the periods: ${band}`);
  // The best change of retention at an age is marked and titled for cohorts.
  const titles = await page.$$eval('table.flat .mark', (els) =>
    els.map((e) => e.getAttribute('title') ?? e.closest('[title]')?.getAttribute('title') ?? ''),
  );
  const best = await page.evaluate(() => window.__crm.locale.t('cohortBestTitle'));
  assert(titles.includes(best), `${lang}: “best” is titled for cohorts: ${titles[0]}`);
  const rows = await rowsOf(page);
  for (const want of ROWS) {
    const r = rows[want.k];
    const got = [
      num(r[col(w.active)]),
      num(r[col(w.activePrevious)]),
      num(r[col(w.retention)]),
      num(r[col(w.previous)]),
      num(r[col(w.delta)]),
    ];
    const expected = [want.active, want.previous, want.retention, want.before, want.delta];
    assert(
      got.join() === expected.join(),
      `${lang}: January 2025 at age ${want.k} against plain SQL: ${got} (want ${expected})`,
    );
  }
}

export function tests({ browser, url, shots }) {
  const look = '/tmp/cohortcmp';
  mkdirSync(look, { recursive: true });
  return ['en', 'ru'].map((lang) => [
    `cohort compare (${lang}): same period last year, each cohort beside last year's at the same age`,
    async () => {
      const w = WORDS[lang];
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}#${SPEC}`, {
        width: 1440,
        height: 900,
      });
      try {
        await ready(page);
        await page.locator('table.flat[data-analysis="cohort"]').waitFor({ timeout: 30_000 });
        await settled(page);
        const button = page.getByRole('button', { name: w.button, exact: true });
        assert(await button.isEnabled(), `${lang}: cohorts can be compared`);
        await button.click();
        await page.waitForFunction(() => location.href.includes('cmp=year'), null, {
          timeout: 10_000,
        });
        await settled(page);
        await check(page, lang, false);
        // A laptop compares cohorts in a table (Russian stacked a block per row): it may leave
        // out the cumulative revenue per client, which the columns beside it tell, and says so.
        const fit = await page.evaluate(() => {
          const table = document.querySelector('table.flat');
          const box = table.parentElement;
          return {
            stacked: table.classList.contains('stacked'),
            fits: box.scrollWidth <= box.clientWidth + 1,
            note: document.querySelector('.left-out')?.textContent.trim() ?? '',
          };
        });
        assert(
          !fit.stacked && fit.fits && (fit.note === '' || fit.note.includes(w.cumulative)),
          `${lang}: at 1440 px compared cohorts are a table that fits: ${JSON.stringify(fit)}`,
        );
        for (const dir of [shots, look])
          await page.screenshot({ path: `${dir}/cohort-compare-${lang}-1440.png`, fullPage: true });
        await page.setViewportSize({ width: 768, height: 900 });
        await settled(page);
        await check(page, lang, true);
        for (const dir of [shots, look])
          await page.screenshot({ path: `${dir}/cohort-compare-${lang}-768.png`, fullPage: true });
        await page.setViewportSize({ width: 1440, height: 900 });
        await settled(page);

        // Print carries the compared columns under their whole names.
        const print = await page.evaluate(() => window.__crm.locale.t('print'));
        await page.getByRole('button', { name: print }).first().click();
        await page.locator('.print-overlay table td').first().waitFor({ timeout: 30_000 });
        const printed = await page
          .locator('.print-overlay table thead th')
          .evaluateAll((ths) => ths.map((th) => th.textContent.trim()));
        assert(
          [w.previous, w.delta, w.activePrevious].every((h) => printed.includes(h)),
          `${lang}: the printed headers: ${printed.join(' | ')}`,
        );
        await page.keyboard.press('Escape');
        await page.locator('.print-overlay').waitFor({ state: 'detached', timeout: 10_000 });

        // The earlier clients of January 2025 at age 1: January 2024's 4, named by its month.
        const link = page
          .locator('table.flat tbody tr')
          .nth(1)
          .locator('button[data-drill="active_clients_previous"]');
        await link.click();
        const n = await drillTotal(page);
        assert(n === ROWS[0].previous, `${lang}: the earlier cohort's clients: ${n}`);
        await page.screenshot({ path: `${look}/cohort-compare-${lang}-drill.png` });
        const dialog = await page.locator('.dialog').first().innerText();
        assert(dialog.includes(w.earlier), `${lang}: the list names ${w.earlier}: ${dialog}`);
        await page.keyboard.press('Escape');

        // On a dashboard tile: both sides named, and the change of retention kept.
        await toDashboard(page, 'Cohorts 2025');
        const tile = page.locator('.dashboard .tile').first();
        const period = (await tile.locator('.period').first().innerText()).trim();
        assert(period === w.range, `${lang}: the tile's period: “${period}”`);
        const tileHeaders = await tile
          .locator('table thead th')
          .evaluateAll((ths) => ths.map((th) => th.textContent.trim()));
        assert(tileHeaders.includes(w.delta), `${lang}: the tile keeps ${w.delta}: ${tileHeaders}`);
        await tile.screenshot({ path: `${look}/cohort-compare-${lang}-tile.png` });
        assert(errors.length === 0, `${lang}: console errors ${errors}`);
      } finally {
        await context.close();
      }
    },
  ]);
}
