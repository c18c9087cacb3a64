// The best and worst growth of a compared table's Δ % column: a sign in a frame (★, !) beside
// the number, its word («лучший», "worst") the mark's text and title. The word beside the number
// («−58,7 % худший») made every Δ % column ≈ 130 px wide in every row for the two rows marked,
// and the default report compared ran 280 px (English) and 480 px (Russian) wider at 1440 px.
import { assert, openPage, settled } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

const WORDS = {
  en: { best: 'best', worst: 'worst' },
  ru: { best: 'лучший', worst: 'худший' },
};
/**
 * The most a sign may add to its column: the space and gap before it, its frame and the ★
 * (≈ 23 px), and the measure's margin. A word took 50–60 («худший»: 45 and its frame).
 */
const SIGN_ROOM = 30;

/**
 * Per Δ % column of the table shown: its width, its padding, its widest number (the number
 * alone, without a mark) and its marks (the word as text, the sign drawn, the title).
 */
const growthColumns = (page) =>
  page.evaluate(() => {
    const wrap = document.querySelector('.main .wrap');
    const heads = [...wrap.querySelectorAll('thead tr:last-child th.value')];
    const rows = [...wrap.querySelectorAll('tbody tr:not(.pad)')];
    const numberWidth = (td) => {
      const text = [...td.childNodes].find((n) => n.nodeType === Node.TEXT_NODE);
      if (!text) return 0;
      const range = document.createRange();
      range.selectNodeContents(text);
      // The number alone: the space before a mark is not the number's.
      range.setEnd(text, text.textContent.trimEnd().length);
      return range.getBoundingClientRect().width;
    };
    return heads.flatMap((th, leaf) => {
      if (!th.textContent.includes('Δ %')) return [];
      const tds = rows.map((tr) => tr.querySelectorAll('td')[leaf]).filter(Boolean);
      const style = getComputedStyle(tds[0]);
      return [
        {
          head: th.textContent.replace(/\u00ad/g, '').trim(),
          width: th.getBoundingClientRect().width,
          pad: parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 1,
          widest: Math.max(...tds.map(numberWidth)),
          marks: tds.flatMap((td) =>
            [...td.querySelectorAll('.mark')].map((m) => ({
              kind: m.classList.contains('best') ? 'best' : 'worst',
              text: m.textContent.trim(),
              title: m.title,
              sign: getComputedStyle(m, '::before').content,
              width: m.getBoundingClientRect().width,
              cut: td.scrollWidth > td.clientWidth,
            })),
          ),
        },
      ];
    });
  });

async function marks({ browser, url, shots }, lang) {
  const w = WORDS[lang];
  for (const width of [1440, 768]) {
    const { page, context } = await openPage(browser, `${url}?lang=${lang}`, {
      width,
      height: 900,
    });
    try {
      await ready(page);
      const label = await page.evaluate(() => window.__crm.locale.t('comparePrevious'));
      await page.getByRole('button', { name: label, exact: true }).click();
      await settled(page);
      await page.waitForTimeout(300);
      const columns = await growthColumns(page);
      assert(columns.length >= 4, `${lang} ${width}: Δ % columns ${columns.length}`);
      const all = columns.flatMap((c) => c.marks);
      assert(
        all.some((m) => m.kind === 'best') && all.some((m) => m.kind === 'worst'),
        `${lang} ${width}: best and worst are marked: ${JSON.stringify(all.slice(0, 4))}`,
      );
      for (const c of columns) {
        // As wide as its numbers and a sign's room at most, not a word's.
        assert(
          c.width <= c.widest + c.pad + SIGN_ROOM,
          `${lang} ${width}: ${c.head} is ${c.width} px for numbers of ${c.widest} px (${c.pad} px padding)`,
        );
        for (const m of c.marks) {
          assert(
            m.text === w[m.kind],
            `${lang} ${width}: the mark reads ${m.text}, not ${w[m.kind]}`,
          );
          assert(m.title.length > m.text.length, `${lang} ${width}: the mark's title ${m.title}`);
          assert(/[★!]/.test(m.sign), `${lang} ${width}: the mark draws ${m.sign}`);
          assert(!m.cut, `${lang} ${width}: ${c.head}: a marked cell is cut`);
        }
      }
      // The legend under the table says which sign is which.
      const legend = await page.getByTestId('mark-legend').innerText();
      assert(
        legend.includes('★') && legend.includes('!') && legend.includes(w.worst),
        `${lang} ${width}: the legend ${legend}`,
      );
      await page.screenshot({ path: `${shots}/compare-marks-${lang}-${width}.png` });
    } finally {
      await context.close();
    }
  }
}

export function tests({ browser, url, shots }) {
  return ['en', 'ru'].map((lang) => [
    `compare-marks (${lang}): a Δ % column is as wide as its numbers and a sign, the mark's word its text, at 1440 and 768 px`,
    () => marks({ browser, url, shots }, lang),
  ]);
}
