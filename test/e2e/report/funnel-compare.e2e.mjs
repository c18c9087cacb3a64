// The funnel against the same quarter a year before, as a head of sales asks it on the built site,
// in English and Russian: "Same period last year" is pressed on a Q3 2025 funnel, the chart draws
// both periods named in its legend, the table gains the earlier period's reached and Δ columns
// with the numbers plain SQL over the demo gives, and the best and worst step are marked — on
// screen and on a dashboard tile. The table names each measure once over its periods and changes,
// fits 1440 px as a table, and at 768 px lays a step out as a block, a measure's columns a line.
import { mkdirSync } from 'node:fs';
import { assert, openPage, settled } from '../harness.mjs';
import { ready, toDashboard } from '../main.e2e.mjs';

const SPEC = 'v=1&a=funnel&from=2025-07-01&to=2025-09-30';

// Deals of the first pipeline created in Q3 2025 and Q3 2024 reaching each step (Lead … Won), by a
// hand-written query over the demo's deals and stage_history (20,000 deals, seed 1) in DuckDB:
// the furthest step of the history or of the current stage, every step for a won deal.
const REACHED = {
  now: [1466, 1216, 999, 837, 707, 597, 558],
  before: [1163, 963, 790, 653, 551, 468, 427],
};

const WORDS = {
  en: {
    button: 'Same period last year',
    range: 'Q3 2025 vs Q3 2024',
    legend: ['Q3 2025', 'Q3 2024'],
    reached: 'Reached',
    previous: 'Reached, previous',
    delta: 'Step conversion, Δ',
    groups: ['Reached', 'Step conversion', 'From the first step', 'Dropped'],
    parts: ['Q3 2025', 'Q3 2024', 'Δ', 'Δ %'],
    marks: ['best', 'worst'],
    points: /^[+−]\d+\.\d\spp/,
  },
  ru: {
    button: 'С тем же периодом год назад',
    range: '3 кв. 2025 и 3 кв. 2024',
    legend: ['3 кв. 2025', '3 кв. 2024'],
    reached: 'Дошли',
    previous: 'Дошли, пред.',
    delta: 'Конверсия шага, Δ',
    groups: ['Дошли', 'Конверсия шага', 'От первого шага', 'Отпали'],
    parts: ['3 кв. 2025', '3 кв. 2024', 'Δ', 'Δ %'],
    marks: ['лучший', 'худший'],
    points: /^[+−]\d+,\d\sп\.п\./,
  },
};

const num = (s) => Number(s.replace(/−/g, '-').replace(/[^\d-]/g, ''));

/**
 * How the table sits in its box: as a table that fits (no sideways scroll), or stacked with each
 * compared measure's columns on one line, that line starting at the left.
 */
async function layout(page) {
  return page.evaluate(() => {
    const table = document.querySelector('table.flat');
    const box = table.parentElement;
    const row = table.querySelector('tbody tr');
    const at = (key) => row.querySelector(`td[data-key="${key}"]`).getBoundingClientRect();
    const reached = ['reached', 'reached_previous', 'reached_delta', 'reached_growth'].map(at);
    return {
      stacked: table.classList.contains('stacked'),
      fits: box.scrollWidth <= box.clientWidth + 1,
      oneLine: reached.every((r) => Math.abs(r.top - reached[0].top) < 2),
      atLeft: Math.abs(at('step_conversion').left - at('reached').left) < 2,
    };
  });
}

async function check(page, lang) {
  const w = WORDS[lang];
  await page.locator('main .chart svg').first().waitFor({ timeout: 30_000 });
  const range = (await page.getByTestId('compare-range').innerText()).trim();
  assert(range === w.range, `${lang}: the comparison's sides: “${range}”`);
  const legend = await page.locator('main .chart').first().innerText();
  assert(
    w.legend.every((l) => legend.includes(l)),
    `${lang}: the chart's legend names both periods: ${legend.slice(0, 200)}`,
  );
  const bar = await page.evaluate(() => window.__crm.locale.t('plotAria_bar'));
  const bars = await page.locator(`main .chart g[aria-label="${bar}"] rect`).count();
  assert(bars === 2 * REACHED.now.length, `${lang}: two bars per step, got ${bars}`);
  // Each compared measure named once over its columns, each column by its period or change;
  // a column's whole name stays its accessible name.
  const bands = await page.$$eval('table.flat thead th.band', (ths) =>
    ths.map((th) => th.textContent.trim()),
  );
  assert(
    w.groups.every((g) => bands.includes(g)),
    `${lang}: the measures over their columns: ${bands.join(' | ')}`,
  );
  const parts = await page.$$eval('table.flat thead tr:nth-child(2) th', (ths) =>
    ths.map((th) => [th.textContent.trim(), th.getAttribute('aria-label')]),
  );
  assert(
    parts
      .slice(0, 4)
      .map((p) => p[0])
      .join('|') === w.parts.join('|') &&
      parts[1][1] === w.previous &&
      parts.some((p) => p[1] === w.delta),
    `${lang}: the reached columns' parts: ${JSON.stringify(parts.slice(0, 7))}`,
  );
  const cells = (key) =>
    page.$$eval(`table.flat tbody td[data-key="${key}"]`, (tds) =>
      tds.map((td) => td.textContent.trim()),
    );
  const reached = (await cells('reached')).map(num);
  const before = (await cells('reached_previous')).map(num);
  assert(
    reached.join() === REACHED.now.join() && before.join() === REACHED.before.join(),
    `${lang}: reached against plain SQL: ${reached.join()} / ${before.join()}`,
  );
  const deltas = (await cells('step_conversion_delta')).slice(1);
  assert(
    deltas.every((d) => w.points.test(d)),
    `${lang}: Δ step conversion in points: ${deltas.join(' | ')}`,
  );
  const marks = await page.$$eval('table.flat .mark', (els) =>
    els.map((e) => e.textContent.trim()),
  );
  assert(
    marks.includes(w.marks[0]) && marks.includes(w.marks[1]),
    `${lang}: the best and worst step are marked: ${marks.join(', ')}`,
  );
}

export function tests({ browser, url, shots }) {
  // The screenshots a person looks at, also kept apart from the run's.
  const look = '/tmp/funnelcmp';
  mkdirSync(look, { recursive: true });
  return ['en', 'ru'].map((lang) => [
    `funnel compare (${lang}): same period last year, both series, Δ columns as plain SQL`,
    async () => {
      const { page, context, errors } = await openPage(browser, `${url}?lang=${lang}#${SPEC}`, {
        width: 1440,
        height: 900,
      });
      try {
        await ready(page);
        await page.locator('table.flat[data-analysis="funnel"]').waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: WORDS[lang].button, exact: true }).click();
        await page.waitForFunction(() => location.href.includes('cmp=year'), null, {
          timeout: 10_000,
        });
        await settled(page);
        await check(page, lang);
        const wide = await layout(page);
        assert(
          !wide.stacked && wide.fits,
          `${lang}: at 1440 px the compared funnel is a table that fits: ${JSON.stringify(wide)}`,
        );
        for (const dir of [shots, look])
          await page.screenshot({ path: `${dir}/funnel-compare-${lang}.png`, fullPage: true });
        await page
          .locator('table.flat')
          .screenshot({ path: `${look}/funnel-compare-${lang}-table.png` });
        await page.setViewportSize({ width: 768, height: 900 });
        await settled(page);
        await check(page, lang);
        const narrow = await layout(page);
        assert(
          narrow.stacked && narrow.fits && narrow.oneLine && narrow.atLeft,
          `${lang}: at 768 px a step is a block, a measure's columns a line: ${JSON.stringify(narrow)}`,
        );
        await page.locator('main .chart').first().scrollIntoViewIfNeeded();
        for (const dir of [shots, look])
          await page.screenshot({ path: `${dir}/funnel-compare-${lang}-768.png`, fullPage: true });
        await page
          .locator('table.flat')
          .screenshot({ path: `${look}/funnel-compare-${lang}-768-table.png` });
        // On a dashboard tile: both sides named, and the step conversion's Δ kept with its marks.
        await page.setViewportSize({ width: 1440, height: 900 });
        await toDashboard(page, 'Funnel Q3');
        const tile = page.locator('.dashboard .tile').first();
        const period = (await tile.locator('.period').first().innerText()).trim();
        assert(period === WORDS[lang].range, `${lang}: the tile's period: “${period}”`);
        const words = await tile.locator('.mark').allInnerTexts();
        assert(
          WORDS[lang].marks.every((m) => words.includes(m)),
          `${lang}: the tile marks the best and worst step: ${words.join(', ')}`,
        );
        for (const dir of [shots, look])
          await tile.screenshot({ path: `${dir}/funnel-compare-${lang}-tile.png` });
        assert(errors.length === 0, `${lang}: console errors ${errors}`);
      } finally {
        await context.close();
      }
    },
  ]);
}
