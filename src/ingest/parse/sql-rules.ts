/**
 * The value rules of `values.ts`, `dates.ts` and `convert.ts` as SQL over text, so DuckDB can
 * type a file it read itself without JS touching each value. Everything here is generated from
 * those modules' own tables and regular expressions (translated to RE2), never restated; the
 * differential test (test/ingest/parse/sql-load.test.ts) holds the two paths to the same results.
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
 * Whether `x` starts or ends with one of JS's spaces: one code point read at each end (`ord`).
 * The last one through `substr(x, -1)`, which costs half of `right(x, 1)` or less on Cyrillic
 * and ASCII names alike (both count code points, as JS's spaces are).
 */
const spaceAtEnds = (x: string) =>
  `(list_contains(${SPACE_CODES}, ord(${x})) OR list_contains(${SPACE_CODES}, ord(substr(${x}, -1))))`;

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

/**
 * A text column's value (`jsTrim`, then `nullText`) as one expression over the raw text: most
 * values have no space at either end, so they are only compared with the markers, with no
 * intermediate columns carried through the typing query's stages. The reader's NULL (an empty
 * field) is answered first: a CASE evaluates its later conditions only on the rows still
 * undecided, where a NULL went through every test (a third of the cost of a mostly empty column).
 */
export const textValue = (raw: string) => {
  const t = `trim(${raw}, ${s(JS_SPACE)})`;
  const marker = (x: string) => `list_contains(${list(NULL_TOKENS)}, ${x})`;
  return `CASE WHEN ${raw} IS NULL THEN NULL WHEN ${spaceAtEnds(raw)} THEN CASE WHEN ${marker(t)} THEN NULL ELSE ${t} END WHEN ${marker(raw)} THEN NULL ELSE ${raw} END`;
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
  fast?: FastPath;
}

/** A fast path: `test` over the raw text, `value` for the rows it takes. */
export interface FastPath {
  test: string;
  value: string;
  /**
   * JS patterns of texts the path takes, for a look at a sample (data, so equal paths compare
   * equal): a text matching none may still be taken, one matching any is (a date it reads as
   * NULL aside).
   */
  takes: readonly RegExp[];
  /**
   * The type DuckDB's CSV reader can give the column instead, when its cast of every text the
   * path `takes` is the path's value (and it refuses the texts the path reads as NULL): the
   * reader's type, and its `timestampformat`/`dateformat` or `decimal_separator`.
   */
  reader?: ReaderType;
}

/** See `FastPath.reader`. */
export type ReaderType =
  { type: 'DOUBLE'; decimal: ',' | '.' } | { type: 'TIMESTAMP' | 'DATE'; format: string };

/**
 * SQL that types the text column `raw` as `convertCell` would, for a text source: `p` prefixes
 * the helper columns, `ru` is the file's locale, as in `convertCell`; `sample`, some of the
 * column's raw texts, lets a date column's fast path take only the shapes it holds.
 */
export function sqlConversion(
  raw: string,
  type: ValueType,
  format: ValueFormat,
  ru: boolean,
  p: string,
  sample?: readonly string[],
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
      return dateConversion(
        raw,
        base,
        isNull,
        format.dateOrder ?? (ru ? 'dmy' : 'mdy'),
        p,
        format,
        sample,
      );
  }
}

/**
 * parseNumber's fast paths, `PLAIN_INT` or `PLAIN_DEC` with the column's decimal mark, as one
 * anchored regular expression: `PLAIN_DEC` is `PLAIN_INT`'s digits, a mark and its digits again,
 * so the two are `PLAIN_INT` with an optional mark and digits (one pass, ≈ 15 % cheaper than the
 * alternation of the two, which RE2 cannot anchor as one).
 */
function plainNumber(decimal: ',' | '.'): RegExp {
  const digits = PLAIN_INT.source.slice(1, -1);
  if (PLAIN_INT.source !== `^${digits}$` || PLAIN_DEC.source !== `^(${digits})([.,])(${digits})$`)
    throw new Error(`plainNumber: /${PLAIN_INT.source}/, /${PLAIN_DEC.source}/`);
  return new RegExp(`^${digits}(?:[${decimal}]${digits})?$`);
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
  const plainJs = plainNumber(decimal);
  const plain = re2(plainJs);
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
  // A percent's text two places smaller, as `percentText` makes it (one rounding: 35 % is 0.35).
  const u = c('u6');
  const shifted = `CASE WHEN NOT ${c('pct')} THEN ${u} WHEN NOT regexp_matches(${u}, '[eE]') THEN ${u} || 'e-2'
    ELSE regexp_replace(${u}, '[eE].*$', '') || 'e' || CAST(TRY_CAST(regexp_extract(${u}, '[eE](.*)$', 1) AS HUGEINT) - 2 AS VARCHAR) END`;
  const v = `TRY_CAST(${shifted} AS DOUBLE) * (${sign})`;
  return {
    stages,
    value: `CASE WHEN ${c('nul')} THEN NULL WHEN ${c('plain')} THEN CAST(${decimal === ',' ? `replace(${c('t')}, ',', '.')` : c('t')} AS DOUBLE) WHEN length(${c('t')}) > ${MAX_NUMBER_TEXT} OR NOT ${c('grouped')} OR NOT regexp_matches(${c('u6')}, ${s(re2(NUMBER_TEXT))}) THEN NULL WHEN isfinite(${v}) THEN ${v} END`,
    isNull: c('nul'),
    // The `plain` branch above, for texts that need no trimming.
    fast: {
      test: fastTest(raw, plain),
      value: `CAST(${decimal === ',' ? `replace(${raw}, ',', '.')` : raw} AS DOUBLE)`,
      // No marker is digits.
      takes: [plainJs],
      reader: { type: 'DOUBLE', decimal },
    },
  };
}
