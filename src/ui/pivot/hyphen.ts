/**
 * Where a long one-word header may break with a hyphen, for a pivot table too narrow for it
 * whole: «Выиграно» over a column of three-digit counts set that column's width alone, and five
 * of them made the Russian default report scroll sideways at 1280 px. Simple syllable rules for
 * Russian and English words, enough for a measure's name: never the browser's own hyphenation,
 * which needs a dictionary Chromium may not have, while the widths must be known beforehand.
 */

const VOWELS = /[аеёиоуыэюяaeiouy]/i;
// Letters a Russian line never starts with.
const NOT_FIRST = /[йьъ]/i;
const LETTERS = /^\p{L}+$/u;
/** A word's letters and the punctuation after them («Выиграно,» in «Выиграно, Δ»). */
const TRAIL = /^(\p{L}+)([,.:;]?)$/u;
/** The fewest letters on either side of a break. */
const MIN = 2;

const vowel = (c: string | undefined) => c !== undefined && VOWELS.test(c);

/**
 * The offsets inside `word` where it may break: between two consonants (Выиг-рано) or after a
 * vowel before a consonant and a vowel (Выигра-но), each side keeping a vowel and two letters.
 * A comma or a full stop may follow the letters; none in a word of other signs ("₽", "Δ", "2025").
 */
export function wordBreaks(word: string): number[] {
  const letters = TRAIL.exec(word)?.[1];
  return letters ? letterBreaks(letters) : [];
}

function letterBreaks(word: string): number[] {
  if (!LETTERS.test(word) || word.length < MIN * 2) return [];
  const out: number[] = [];
  for (let b = MIN; b <= word.length - MIN; b++) {
    const before = word[b - 1]!;
    const at = word[b]!;
    if (NOT_FIRST.test(at) || vowel(at)) continue;
    const head = word.slice(0, b);
    const tail = word.slice(b);
    if (!VOWELS.test(head) || !VOWELS.test(tail)) continue;
    const consonants = !vowel(before) && !NOT_FIRST.test(before);
    if (consonants || (vowel(before) && vowel(word[b + 1]))) out.push(b);
    else if (NOT_FIRST.test(before)) out.push(b);
  }
  return out;
}

/** Every way to set `text` on two lines: at a space, or inside a word with a hyphen. */
export function twoLineSplits(text: string, hyphenate: boolean): [string, string][] {
  const words = text.split(' ');
  const out: [string, string][] = [];
  for (let k = 1; k < words.length; k++)
    out.push([words.slice(0, k).join(' '), words.slice(k).join(' ')]);
  if (hyphenate)
    words.forEach((w, j) => {
      for (const b of wordBreaks(w))
        out.push([
          [...words.slice(0, j), `${w.slice(0, b)}-`].join(' '),
          [w.slice(b), ...words.slice(j + 1)].join(' '),
        ]);
    });
  return out;
}

/**
 * `text` as shown in a column `room` px wide (its text's room): a word wider than that gets soft
 * hyphens where it may break, so the browser breaks it there with a hyphen, as its width was
 * measured; a text that fits is returned as it is.
 */
export function softHyphens(text: string, room: number, measure: (t: string) => number): string {
  return text
    .split(' ')
    .map((w) =>
      measure(w) <= room
        ? w
        : wordBreaks(w).reduceRight((s, b) => `${s.slice(0, b)}\u00ad${s.slice(b)}`, w),
    )
    .join(' ');
}
