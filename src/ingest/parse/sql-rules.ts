/**
 * The value rules of `values.ts`, `dates.ts` and `convert.ts` as SQL over text, so DuckDB can
 * type a file it read itself without JS touching each value. Everything here is generated from
 * those modules' own tables and regular expressions (translated to RE2), never restated; the
 * differential test (test/ingest/sql-load.test.ts) holds the two paths to the same results.
 */
import { quoteIdent as q, quoteString as s } from '../../query/sql/escape.ts';
import type { ValueFormat, ValueType } from '../types.ts';
import { dateConversion } from './sql-dates.ts';
import { fastTest, JS_SPACE, list, re2 } from './sql-re2.ts';
import {
  CURRENCY,
  FALSE,
  GROUPED,
  MAX_NUMBER_TEXT,
  MINUS,
  NULL_TOKENS,
  NUMBER_TEXT,
  PARENS,
  PLAIN_DEC,
  PLAIN_INT,
  SPACES,
  TRUE,
} from './values.ts';

export { JS_SPACE, re2 } from './sql-re2.ts';

/** JS's spaces as code points, for `ord` (cheaper than any string test on every value); a list, as `IN` with this many values is planned as a join. */
const SPACE_CODES = `[${[...JS_SPACE].map((ch) => ch.codePointAt(0)).join(', ')}]`;

/**
 * The runs of code points between JS's spaces that begin among the printable ones up to
 * Cyrillic (U+0021 … U+04FF): ASCII, Latin-1 and the scripts past it. Almost every value starts
 * and ends in one, and two comparisons rule out a space there, where the list is searched whole.
 */
export const NO_SPACE_RUNS: [number, number][] = (() => {
  const codes = [...JS_SPACE].map((ch) => ch.codePointAt(0)!).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (let i = 0; i + 1 < codes.length; i++) {
    const [lo, hi] = [codes[i]! + 1, codes[i + 1]! - 1];
    if (lo <= hi && lo >= 0x21 && lo <= 0x4ff) runs.push([lo, hi]);
  }
  return runs;
})();

/** Whether the code point `o` is one of JS's spaces; NULL (not true) for NULL. */
const isSpace = (o: string) =>
  `(NOT (${NO_SPACE_RUNS.map(([lo, hi]) => `${o} BETWEEN ${lo} AND ${hi}`).join(' OR ')}) AND list_contains(${SPACE_CODES}, ${o}))`;

/**
 * Whether `x` starts or ends with one of JS's spaces: one code point read at each end (`ord`).
 * The last one through `substr(x, -1)`, which costs half of `right(x, 1)` or less on Cyrillic
 * and ASCII names alike (both count code points, as JS's spaces are). Cheapest as a CASE
 * condition, where DuckDB evaluates each operand of AND/OR only on the rows still undecided.
 */
const spaceAtEnds = (x: string) =>
  `(${isSpace(`ord(${x})`)} OR ${isSpace(`ord(substr(${x}, -1))`)})`;

/**
 * `String.prototype.trim` in SQL. DuckDB's `trim(x, characters)` is slow with this many
 * characters, so it only runs on values whose first or last character is one of them
 * (`spaceAtEnds`), where a regular expression walked every value.
 */
export const jsTrim = (x: string) =>
  `CASE WHEN ${spaceAtEnds(x)} THEN trim(${x}, ${s(JS_SPACE)}) ELSE ${x} END`;

/** Whether a trimmed text `t` (of raw `raw`) means "no value" (`isNullText`). */
export const nullText = (raw: string, t: string) =>
  `(${raw} IS NULL OR list_contains(${list(NULL_TOKENS)}, ${t}))`;

/** The longest "no value" marker in UTF-8 bytes: a longer text (`strlen`, a stored size) is none. */
const MARKER_BYTES = Math.max(...[...NULL_TOKENS].map((v) => new TextEncoder().encode(v).length));

/** Whether `x` is a "no value" marker as it stands; for a CASE condition (see `spaceAtEnds`). */
const isMarker = (x: string) =>
  `(strlen(${x}) <= ${MARKER_BYTES} AND list_contains(${list(NULL_TOKENS)}, ${x}))`;

/**
 * A text column's value (`jsTrim`, then `nullText`) as one expression over the raw text: most
 * values have no space at either end, so they are only compared with the markers, with no
 * intermediate columns carried through the typing query's stages.
 */
export const textValue = (raw: string) => {
  const t = `trim(${raw}, ${s(JS_SPACE)})`;
  return `CASE WHEN ${spaceAtEnds(raw)} THEN CASE WHEN ${isMarker(t)} THEN NULL ELSE ${t} END WHEN ${isMarker(raw)} THEN NULL ELSE ${raw} END`;
};

/** One step of a column's conversion: new columns, each an expression over earlier ones. */
export type Stage = [alias: string, expr: string][];

export interface SqlConversion {
  /** Evaluated in order, each stage over the columns of the ones before (and the raw table). */
  stages: Stage[];
  /** The typed value: NULL for "no value" and for a value that did not fit (a failure). */
  value: string;
  /** Whether the raw value means "no value" (so a NULL `value` is not a failure). */
  isNull: string;
  /**
   * The common clean shape, tested on the raw text alone: `value` for the rows it takes, which
   * skip every stage above (see `typingSql`). It must give exactly what the full rules give.
   */
  fast?: { test: string; value: string };
}

/**
 * SQL that types the text column `raw` as `convertCell` would, for a text source: `p` prefixes
 * the helper columns, `ru` is the file's locale, as in `convertCell`.
 */
export function sqlConversion(
  raw: string,
  type: ValueType,
  format: ValueFormat,
  ru: boolean,
  p: string,
): SqlConversion {
  const t = q(`${p}t`);
  const nul = q(`${p}nul`);
  const base: Stage = [
    [`${p}t`, jsTrim(raw)],
    [`${p}raw`, raw],
  ];
  const isNull: Stage = [[`${p}nul`, nullText(q(`${p}raw`), t)]];
  switch (type) {
    case 'text':
      return {
        stages: [base, isNull],
        value: `CASE WHEN ${nul} THEN NULL ELSE ${t} END`,
        isNull: nul,
      };
    case 'boolean':
      return {
        stages: [base, isNull],
        value: `CASE WHEN ${nul} THEN NULL WHEN list_contains(${list(TRUE)}, lower(${t})) THEN true WHEN list_contains(${list(FALSE)}, lower(${t})) THEN false END`,
        isNull: nul,
      };
    case 'number':
      return numberConversion(raw, base, isNull, format.decimal ?? (ru ? ',' : '.'), p);
    case 'date':
      return dateConversion(raw, base, isNull, format.dateOrder ?? (ru ? 'dmy' : 'mdy'), p, format);
  }
}

/**
 * parseNumber's fast paths, `PLAIN_INT` or `PLAIN_DEC` with the column's decimal mark, as one
 * anchored regular expression: `PLAIN_DEC` is `PLAIN_INT`'s digits, a mark and its digits again,
 * so the two are `PLAIN_INT` with an optional mark and digits (one pass, ≈ 15 % cheaper than the
 * alternation of the two, which RE2 cannot anchor as one).
 */
function plainNumber(decimal: ',' | '.'): string {
  const digits = PLAIN_INT.source.slice(1, -1);
  if (PLAIN_INT.source !== `^${digits}$` || PLAIN_DEC.source !== `^(${digits})([.,])(${digits})$`)
    throw new Error(`plainNumber: /${PLAIN_INT.source}/, /${PLAIN_DEC.source}/`);
  return re2(new RegExp(`^${digits}(?:[${decimal}]${digits})?$`));
}

/** `parseNumberFull`, step by step. */
function numberConversion(
  raw: string,
  base: Stage,
  isNull: Stage,
  decimal: ',' | '.',
  p: string,
): SqlConversion {
  const c = (n: string) => q(`${p}${n}`);
  const thousands = decimal === ',' ? '.' : ',';
  const plain = plainNumber(decimal);
  const stages: Stage[] = [
    base,
    [
      ...isNull,
      [`${p}neg`, `regexp_matches(${c('t')}, ${s(re2(PARENS))})`],
      // parseNumber's fast paths (the same result as the full rules): the rest skip these values.
      [`${p}plain`, `regexp_matches(${c('t')}, ${s(plain)})`],
    ],
    [
      [
        `${p}u1`,
        `CASE WHEN ${c('plain')} THEN NULL WHEN ${c('neg')} THEN substr(${c('t')}, 2, length(${c('t')}) - 2) ELSE ${c('t')} END`,
      ],
    ],
    [[`${p}pct`, `right(${c('u1')}, 1) = '%'`]],
    [
      [
        `${p}u2`,
        `regexp_replace(regexp_replace(CASE WHEN ${c('pct')} THEN left(${c('u1')}, length(${c('u1')}) - 1) ELSE ${c('u1')} END, ${s(re2(CURRENCY))}, '', 'g'), ${s(re2(SPACES))}, '', 'g')`,
      ],
    ],
    [[`${p}minus`, `regexp_matches(${c('u2')}, ${s(re2(MINUS))})`]],
    [[`${p}u3`, `CASE WHEN ${c('minus')} THEN substr(${c('u2')}, 2) ELSE ${c('u2')} END`]],
    [
      [
        `${p}u4`,
        `CASE WHEN left(${c('u3')}, 1) = '+' THEN substr(${c('u3')}, 2) ELSE ${c('u3')} END`,
      ],
    ],
    [
      [
        `${p}grouped`,
        `NOT contains(${c('u4')}, ${s(thousands)}) OR regexp_matches(split_part(${c('u4')}, ${s(decimal)}, 1), ${s(re2(GROUPED))})`,
      ],
      [`${p}u5`, `replace(${c('u4')}, ${s(thousands)}, '')`],
    ],
    [[`${p}u6`, decimal === ',' ? `regexp_replace(${c('u5')}, ',', '.')` : c('u5')]],
  ];
  const sign = `CAST(CASE WHEN ${c('neg')} = ${c('minus')} THEN 1 ELSE -1 END AS DOUBLE)`;
  const scale = `CASE WHEN ${c('pct')} THEN CAST('0.01' AS DOUBLE) ELSE CAST(1 AS DOUBLE) END`;
  // JS multiplies in this order: (Number(s) * sign) * scale.
  const v = `(TRY_CAST(${c('u6')} AS DOUBLE) * (${sign})) * (${scale})`;
  return {
    stages,
    value: `CASE WHEN ${c('nul')} THEN NULL WHEN ${c('plain')} THEN CAST(${decimal === ',' ? `replace(${c('t')}, ',', '.')` : c('t')} AS DOUBLE) WHEN length(${c('t')}) > ${MAX_NUMBER_TEXT} OR NOT ${c('grouped')} OR NOT regexp_matches(${c('u6')}, ${s(re2(NUMBER_TEXT))}) THEN NULL WHEN isfinite(${v}) THEN ${v} END`,
    isNull: c('nul'),
    // The `plain` branch above, for texts that need no trimming.
    fast: {
      test: fastTest(raw, plain),
      value: `CAST(${decimal === ',' ? `replace(${raw}, ',', '.')` : raw} AS DOUBLE)`,
    },
  };
}
