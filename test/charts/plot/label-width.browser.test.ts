import { describe, expect, it } from 'vitest';
import { labelMargin } from '../../../src/charts/plot/plot-margins.ts';
import { en } from '../../../src/demo/labels/labels-en.ts';
import { ru } from '../../../src/demo/labels/labels-ru.ts';

/**
 * The margins are estimated from the text (no DOM where they are made), so they are checked here
 * against the page's real font: Plot draws tick labels at 10 px in the page's sans-serif, right
 * of them 9 px of tick and padding. An estimate short of the drawn width cut the label's first
 * letter off in print ("mail campaign").
 */
const FONT = `10px system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`;
const TICK = 9;
/** Room left over: print lays glyphs out unhinted, a little wider than the screen. */
const SPARE = 4;

function drawn(s: string): number {
  const ctx = new OffscreenCanvas(1, 1).getContext('2d')!;
  ctx.font = FONT;
  return ctx.measureText(s).width;
}

const words = (l: typeof en) => [
  ...l.sources,
  ...l.lostReasons,
  ...l.stages.flat(),
  ...l.departments,
  ...l.managers,
];

describe('label margins against the drawn text', () => {
  for (const [lang, labels] of [
    ['en', words(en)],
    ['ru', words(ru)],
  ] as const)
    it(`every demo label (${lang}) fits the margin made for it alone`, () => {
      const cut = labels.filter((s) => labelMargin([s]) < drawn(s) + TICK + SPARE);
      expect(
        cut.map((s) => `${s}: ${labelMargin([s])} < ${Math.ceil(drawn(s) + TICK + SPARE)}`),
      ).toEqual([]);
    });

  it('wide letters (m, w, ш, ж, ю) are not estimated as average ones', () => {
    const wide = [
      'mmmmmmmmmmmm',
      'Mammoth Works',
      'WWW Swimwear',
      'шшшшшшшш',
      'Жюль Верн',
      'Мероприятие',
    ];
    const cut = wide.filter((s) => labelMargin([s]) < drawn(s) + TICK + SPARE);
    expect(
      cut.map((s) => `${s}: ${labelMargin([s])} < ${Math.ceil(drawn(s) + TICK + SPARE)}`),
    ).toEqual([]);
  });
});
