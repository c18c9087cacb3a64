// A person charts a growth by choice: under a comparison the chart's value menu offers each
// measure's growth ("Revenue: growth" / «Выручка: рост») beside the measures, and picking it draws
// one bar of Δ % per manager, the new ones first with their word where the bar would be. The menu
// listed the measures only, so a growth was charted only where a report had no other value.
import { assert, openPage, settled } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

// Managers, won deals and revenue in Q3 2025 against Q3 2024 (compare.e2e.mjs reads its table):
// Ava Sinclair and Max Porter won nothing in Q3 2024 (new).
const GROWTH =
  'v=1&rows=manager&m=won,revenue&from=2025-07-01&to=2025-09-30&cmp=year&sort=revenue_growth:desc';
const WORDS = {
  en: { option: 'Revenue: growth', new: 'new', legend: 'Q3 2024', axis: 'Δ %' },
  ru: { option: 'Выручка: рост', new: 'новый', legend: '3 кв. 2024', axis: 'Δ %' },
};

/** What the chart shows: its text, the words of its text marks, and the bars drawn. */
async function chartOf(page) {
  return page
    .locator('main .chart')
    .first()
    .evaluate((el) => ({
      text: el.innerText,
      words: [...el.querySelectorAll('svg text')].map((t) => t.firstChild?.nodeValue ?? ''),
      bars: [...el.querySelectorAll('svg rect')].filter((r) => Number(r.getAttribute('width')) > 0)
        .length,
    }));
}

async function pickGrowth(page, lang, shots, width) {
  const w = WORDS[lang];
  const menu = page.getByTestId('chart-value');
  const options = await menu.locator('option').allInnerTexts();
  assert(options.includes(w.option), `${lang}: the menu offers the growth: ${options.join(' | ')}`);
  const before = await chartOf(page);
  assert(before.text.includes(w.legend), `${lang}: first the periods side by side`);
  await menu.focus();
  await menu.selectOption({ label: w.option });
  await settled(page);
  await page.waitForFunction(
    (word) =>
      [...document.querySelectorAll('main .chart svg text')].some(
        (t) => t.firstChild?.nodeValue === word,
      ),
    w.new,
    { timeout: 30_000 },
  );
  const after = await chartOf(page);
  assert(!after.text.includes(w.legend), `${lang}: one growth, no periods' legend`);
  assert(after.words.filter((t) => t === w.new).length === 2, `${lang}: Ava and Max read new`);
  assert(
    after.words.some((t) => t.includes(w.axis)),
    `${lang}: the axis is the growth's`,
  );
  assert(after.bars >= 5, `${lang}: the growths are drawn as bars (${after.bars})`);
  assert((await menu.inputValue()) === 'revenue_growth', `${lang}: the menu shows the pick`);
  await page.locator('main .chart').first().scrollIntoViewIfNeeded();
  await page.screenshot({
    path: `${shots}/chart-value-growth-${lang}-${width}.png`,
    fullPage: true,
  });
}

export function tests({ browser, url, shots }) {
  return ['en', 'ru'].flatMap((lang) =>
    [1440, 768].map((width) => [
      `chart-value (${lang}, ${width}): a comparison's growth is picked in the chart's menu and drawn as bars`,
      async () => {
        const link = `${url}?lang=${lang}#${GROWTH}`;
        const { page, context, errors } = await openPage(browser, link, { width, height: 900 });
        try {
          await ready(page);
          await pickGrowth(page, lang, shots, width);
          assert(errors.length === 0, `${lang}: console errors ${errors}`);
        } finally {
          await context.close();
        }
      },
    ]),
  );
}
