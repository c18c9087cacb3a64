/**
 * The width of a pivot table's text in px: a canvas measure in the page's font, so columns are as
 * narrow as their content allows (a quarter-by-manager report fits 1280 px); a small margin covers
 * tabular digits and rounding. Outside a browser (tests), 8 px a character.
 */
import type { TextStyle } from './pivot-grid.ts';

const ctx =
  typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
let fonts: Record<TextStyle, string> | null = null;

export function textWidth(text: string, style: TextStyle): number {
  if (!ctx) return text.length * 8;
  if (!fonts) {
    const family = getComputedStyle(document.body).fontFamily;
    fonts = {
      header: `600 12px ${family}`,
      // The heaviest a value is set (the grand total row's 700): narrower would cut it.
      bold: `700 13px ${family}`,
      normal: `13px ${family}`,
      // A tight table's body (tight.ts).
      smallBold: `700 12px ${family}`,
      small: `12px ${family}`,
    };
  }
  ctx.font = fonts[style];
  return ctx.measureText(text).width * 1.04;
}
