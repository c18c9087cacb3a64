// What a screen reader hears of a chart is in the UI language: Plot names each part of its SVG
// in English ("y-axis tick", "bar"), and the Russian UI read those names out in English.
import { assert, openPage } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';
import { openPreset } from '../print/print.e2e.mjs';

const settled = (page) =>
  page.waitForFunction(() => !document.querySelector('.dot.busy'), null, { timeout: 60_000 });

/** Every aria-label inside the charts on the page (the SVG itself and its parts). */
const chartLabels = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.chart .plot [aria-label]')].map((el) =>
      el.getAttribute('aria-label'),
    ),
  );

/** Opens a preset and waits for its chart. */
async function openChart(page, preset) {
  await openPreset(page, preset);
  await page.locator('.chart .plot svg').first().waitFor({ timeout: 30_000 });
}

export function tests({ browser, url }) {
  return [
    [
      'chart aria (ru): the chart and its axes and marks are named in Russian',
      async () => {
        const s = await openPage(browser, `${url}?lang=ru`);
        try {
          await ready(s.page);
          await settled(s.page);
          const seen = new Set();
          for (const preset of [null, 'funnel', 'forecast', 'cohorts']) {
            if (preset) await openChart(s.page, preset);
            // A pointer tip is drawn (and named) as the pointer moves over the chart.
            const box = await s.page.locator('.chart .plot svg').first().boundingBox();
            if (box) await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
            await s.page.waitForTimeout(200);
            const labels = await chartLabels(s.page);
            assert(labels.length > 3, `${preset ?? 'default'}: named parts ${labels}`);
            // No English but a field's own words inside an axis' name («…»).
            const english = labels.filter((l) => /[a-z]{2,}/i.test(l.replace(/«.*»/g, '')));
            assert(
              english.length === 0,
              `${preset ?? 'default'}: English names: ${JSON.stringify([...new Set(english)])}`,
            );
            for (const l of labels) seen.add(l);
          }
          assert(seen.has('столбцы'), `“столбцы” among ${JSON.stringify([...seen])}`);
          // Every axis by what it shows («подписи делений оси «Выручка, ₽»»), none by a letter.
          const all = JSON.stringify([...seen]);
          assert(
            [...seen].some((l) => /^подписи делений оси «.+»$/.test(l)),
            `named axes: ${all}`,
          );
          assert(![...seen].some((l) => /оси F?[XY]$/.test(l)), `an axis by its letter: ${all}`);
          assert(seen.has('График'), `the SVG named as a chart: ${JSON.stringify([...seen])}`);
        } finally {
          await s.context.close();
        }
      },
    ],
    [
      'chart aria (en): the English names are Plot’s own, the axes by what they show',
      async () => {
        const s = await openPage(browser, url);
        try {
          await ready(s.page);
          await settled(s.page);
          await s.page.locator('.chart .plot svg').first().waitFor({ timeout: 30_000 });
          const labels = await chartLabels(s.page);
          assert(labels.includes('line'), `“line” among ${JSON.stringify(labels)}`);
          // Plot's own words, each axis called by what it shows ("Revenue, $ axis tick label").
          const all = JSON.stringify(labels);
          assert(
            labels.some((l) => /^.+ axis tick label$/.test(l)),
            `named axes: ${all}`,
          );
          assert(!labels.some((l) => /^F?[XY]-axis/.test(l)), `an axis by its letter: ${all}`);
        } finally {
          await s.context.close();
        }
      },
    ],
  ];
}
