/**
 * The value rules of `values.ts`, `dates.ts` and `convert.ts` as SQL over text, so DuckDB can
 * type a file it read itself without JS touching each value. Everything here is generated from
 * those modules' own tables and regular expressions (translated to RE2), never restated; the
 * differential test (test/ingest/sql-load.test.ts) holds the two paths to the same results.
 */
import { quoteIdent as q, quoteString as s } from '../../query/sql/escape.ts';
import type { ValueFormat, ValueType } from '../types.ts';
import { SERIAL_MAX, SERIAL_MIN, SERIAL_TEXT } from './convert.ts';
import {
  CENTURY_PIVOT,
  DAY,
  DOTTED,
  EXCEL_EPOCH,
  ISO,
  MAX_DATE_TEXT,
  OFFSET,
  SLASH,
  YMD_SLASH,
} from './dates.ts';
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

/** Every UTF-16 unit `String.prototype.trim` removes (and `\s` matches), asked of the JS engine itself. */
export const JS_SPACE = (() => {
  let out = '';
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    if (ch.trim() === '') out += ch;
  }
  return out;
})();

const hex = (c: number) => `\\x{${c.toString(16)}}`;
const SPACE_CLASS = [...JS_SPACE].map((ch) => hex(ch.charCodeAt(0))).join('');
/** JS `.` without the `s` flag: anything but a line terminator. */
const JS_DOT = `[^${hex(10)}${hex(13)}${hex(0x2028)}${hex(0x2029)}]`;

/**
 * A JS regular expression as RE2 (DuckDB's engine): `\d`, `\s`, `.` and `\uXXXX` spelled out
 * with JS's meaning (RE2's `\s` and `.` differ), the `i` flag as `(?i)`. Anything this does not
 * know how to translate throws, so a new rule cannot silently mean something else in SQL.
 */
export function re2(re: RegExp): string {
  const src = re.source;
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      i++;
      if (n === 'd') out += inClass ? '0-9' : '[0-9]';
      else if (n === 's') out += inClass ? SPACE_CLASS : `[${SPACE_CLASS}]`;
      else if (n === 'u') {
        out += hex(parseInt(src.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (n === '/') out += '/';
      else if (/[.()[\]{}?*+|^$\\-]/.test(n)) out += `\\${n}`;
      else throw new Error(`re2: cannot translate \\${n} in /${src}/`);
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '.') out += JS_DOT;
    else out += c;
  }
  if (/[^giu]/.test(re.flags)) throw new Error(`re2: flags ${re.flags} of /${src}/`);
  return (re.flags.includes('i') ? '(?i)' : '') + out;
}

/** A list literal; `list_contains` on it, not `IN`, which DuckDB plans as a join for long lists. */
const list = (xs: Iterable<string>) => `[${[...xs].map(s).join(', ')}]`;

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
 * intermediate columns carried through the typing query's stages.
 */
export const textValue = (raw: string) => {
  const t = `trim(${raw}, ${s(JS_SPACE)})`;
  return `CASE WHEN ${spaceAtEnds(raw)} THEN CASE WHEN list_contains(${list(NULL_TOKENS)}, ${t}) THEN NULL ELSE ${t} END WHEN list_contains(${list(NULL_TOKENS)}, ${raw}) THEN NULL ELSE ${raw} END`;
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
 * A fast test on the raw text: `re` matches, and the text is no "no value" marker (checked only
 * when a marker could match). A text with a space at either end never matches these shapes, so
 * the raw text is the trimmed one.
 */
function fastTest(raw: string, re: string, extra = ''): string {
  const js = new RegExp(re);
  const marker = [...NULL_TOKENS].some((v) => js.test(v));
  return `(regexp_matches(${raw}, ${s(re)})${extra}${marker ? ` AND NOT list_contains(${list(NULL_TOKENS)}, ${raw})` : ''})`;
}

const int = (x: string) => `CAST(NULLIF(${x}, '') AS BIGINT)`;
const field = (struct: string, name: string) => `${struct}[${s(name)}]`;

/**
 * Epoch ms of a wall time, or NULL when it is not a real one (`make` in dates.ts): fields are
 * SQL integers (NULL = absent, 0), `frac` the text of the fraction of a second or ''.
 */
function make(y: string, mo: string, d: string, h: string, mi: string, sec: string, frac: string) {
  const H = `coalesce(${h}, 0)`;
  const M = `coalesce(${mi}, 0)`;
  const S = `coalesce(${sec}, 0)`;
  const ms = `CASE WHEN ${frac} = '' THEN 0 ELSE CAST(floor(CAST('0.' || ${frac} AS DOUBLE) * 1000 + 0.5) AS BIGINT) END`;
  const tod = `(${H} * 3600000 + ${M} * 60000 + ${S} * 1000 + ${ms})`;
  // A fraction that rounds up to the next second at 23:59:59 moves the date: not the written one.
  return `CASE WHEN ${mo} BETWEEN 1 AND 12 AND ${d} BETWEEN 1 AND 31 AND ${H} <= 23 AND ${M} <= 59 AND ${S} <= 59 AND ${y} >= 1000 THEN CASE WHEN ${d} <= day(last_day(make_date(${y}, ${mo}, 1))) AND ${tod} < ${DAY} THEN CAST(make_date(${y}, ${mo}, ${d}) - DATE '1970-01-01' AS BIGINT) * ${DAY} + ${tod} END END`;
}

/** `year()` of dates.ts: two-digit years around the pivot. */
const year = (y: string) =>
  `CASE WHEN length(${y}) = 4 THEN ${int(y)} ELSE ${int(y)} + CASE WHEN ${int(y)} < ${CENTURY_PIVOT} THEN 2000 ELSE 1900 END END`;

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
 * regular expression: one pass over the text where the two tests and `contains` took three.
 */
function plainNumber(decimal: ',' | '.'): string {
  const mark = '([.,])';
  if (!PLAIN_DEC.source.includes(mark)) throw new Error(`plainNumber: /${PLAIN_DEC.source}/`);
  const dec = new RegExp(PLAIN_DEC.source.replace(mark, `([${decimal}])`), PLAIN_DEC.flags);
  return `${re2(PLAIN_INT)}|${re2(dec)}`;
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

const ISO_GROUPS = ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z'];
const DOT_GROUPS = ['a', 'b', 'y', 'h', 'mi', 's'];
const SLASH_GROUPS = ['a', 'b', 'y', 'h', 'mi', 's', 'ap'];
const YMD_GROUPS = ['y', 'mo', 'd', 'h', 'mi', 's'];

/**
 * The most common shape, `YYYY-MM-DD[ HH:MM:SS]`, with the ranges `make` checks written into the
 * pattern (a year from 1000, hours to 23…): every text it matches is one DuckDB's own cast reads
 * as the same wall time, and invalid days (Feb 30) are left to the full rules, which reject them.
 * It spares the common case the eight-group extraction below.
 */
const PLAIN_ISO =
  '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])( ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])?$';

/**
 * Dotted dates in their clean shapes, `DD.MM.YYYY[ HH:MM[:SS]]` (`DOTTED` with two-digit fields,
 * a four-digit year from 1000 and one space; two-digit years pivot in the full rules, so they
 * stay there), as `strptime` formats in the column's order. Each shape has its own length.
 */
const dottedShapes = (mdy: boolean) =>
  mdy
    ? ['%m.%d.%Y', '%m.%d.%Y %H:%M', '%m.%d.%Y %H:%M:%S']
    : ['%d.%m.%Y', '%d.%m.%Y %H:%M', '%d.%m.%Y %H:%M:%S'];

/** A format's exact characters as a GLOB: a digit per field digit, the year's first from 1 to 9. */
const shapeGlob = (format: string) =>
  format.replace(/%([dmHMSY])/g, (_, f: string) =>
    f === 'Y' ? '[1-9][0-9][0-9][0-9]' : '[0-9][0-9]',
  );

/** A format's length in characters: every field two digits, the year four. */
const shapeLength = (format: string) => format.replace('%Y', 'YYYY').replace(/%./g, 'DD').length;

/**
 * The fast path of a date column over the raw text: a dotted text (`LIKE '__.__.%'`, which
 * costs next to nothing, so ISO columns barely notice it) is tested with the GLOB of the shape of
 * its length (`strlen` reads a stored size; a text of a shape is ASCII, so bytes are
 * characters) and read by that shape's `strptime`; anything else by `PLAIN_ISO` and the cast.
 * `strptime` alone would skip spaces and take short fields, hence the GLOB. On such a text it
 * gives the wall time `parseDate` gives, and NULL exactly where `make` rejects the date (month
 * 13, Feb 30, hour 24, second 60), as the full rules would, so those rows need no second look;
 * `strptime` and DuckDB's cast read no digits but ASCII ones, as `\d` does.
 */
function dateFast(raw: string, mdy: boolean): { test: string; value: string } {
  const shapes = dottedShapes(mdy);
  const dotted = `${raw} LIKE '__.__.%'`;
  const byLength = (then: (f: string) => string, none: string) =>
    `CASE strlen(${raw}) ${shapes.map((f) => `WHEN ${shapeLength(f)} THEN ${then(f)}`).join(' ')} ELSE ${none} END`;
  return {
    test: `(CASE WHEN ${dotted} THEN ${byLength((f) => `${raw} GLOB ${s(shapeGlob(f))}`, 'false')} ELSE ${fastTest(raw, PLAIN_ISO)} END)`,
    value: `CASE WHEN ${dotted} THEN ${byLength((f) => `try_strptime(${raw}, ${s(f)})`, 'NULL')} ELSE TRY_CAST(${raw} AS TIMESTAMP) END`,
  };
}

/** `convertCell` for a date column: an Excel serial in range, else `parseDate`. */
function dateConversion(
  raw: string,
  base: Stage,
  isNull: Stage,
  order: 'dmy' | 'mdy',
  p: string,
  format: ValueFormat,
): SqlConversion {
  const c = (n: string) => q(`${p}${n}`);
  const extract = (re: RegExp, groups: string[]) =>
    `regexp_extract(${c('t')}, ${s(re2(re))}, [${groups.map(s).join(', ')}])`;
  const fits = `length(${c('t')}) <= ${MAX_DATE_TEXT}`;
  const stages: Stage[] = [
    base,
    [
      ...isNull,
      [`${p}serial`, `regexp_matches(${c('t')}, ${s(re2(SERIAL_TEXT))})`],
      [`${p}plain`, `regexp_matches(${c('t')}, ${s(PLAIN_ISO)})`],
    ],
    [[`${p}iso`, `CASE WHEN ${fits} AND NOT ${c('plain')} THEN ${extract(ISO, ISO_GROUPS)} END`]],
    [
      [
        `${p}dot`,
        `CASE WHEN ${fits} AND ${field(c('iso'), 'y')} = '' THEN ${extract(DOTTED, DOT_GROUPS)} END`,
      ],
    ],
    [
      [
        `${p}sl`,
        `CASE WHEN ${fits} AND ${field(c('dot'), 'a')} = '' THEN ${extract(SLASH, SLASH_GROUPS)} END`,
      ],
    ],
    [
      [
        `${p}ymd`,
        `CASE WHEN ${fits} AND ${field(c('sl'), 'a')} = '' THEN ${extract(YMD_SLASH, YMD_GROUPS)} END`,
      ],
    ],
  ];
  const serial = `CAST(${c('t')} AS DOUBLE)`;
  const g = (st: string, name: string) => field(c(st), name);
  const gi = (st: string, name: string) => int(g(st, name));
  // Zone: '' / Z / UTC are zero, else ±hh[:]mm.
  const z = g('iso', 'z');
  const off = `regexp_extract(${z}, ${s(re2(OFFSET))}, ['sg', 'hh', 'mm'])`;
  const offMs = `CASE WHEN ${z} = '' OR upper(${z}) IN ('Z', 'UTC') THEN 0 ELSE CASE WHEN ${field(off, 'sg')} = '-' THEN -1 ELSE 1 END * (${int(field(off, 'hh'))} * 60 + ${int(field(off, 'mm'))}) * 60000 END`;
  const iso = `${make(gi('iso', 'y'), gi('iso', 'mo'), gi('iso', 'd'), gi('iso', 'h'), gi('iso', 'mi'), gi('iso', 's'), g('iso', 'f'))} - ${offMs}`;
  // Dotted dates are day first unless the column is month first; slash dates take the column's order.
  const dotMdy = format.dateOrder === 'mdy';
  const dot = make(
    year(g('dot', 'y')),
    gi('dot', dotMdy ? 'a' : 'b'),
    gi('dot', dotMdy ? 'b' : 'a'),
    gi('dot', 'h'),
    gi('dot', 'mi'),
    gi('dot', 's'),
    "''",
  );
  const h = gi('sl', 'h');
  const hour = `CASE WHEN ${h} IS NOT NULL AND ${g('sl', 'ap')} <> '' THEN ${h} % 12 + CASE WHEN lower(${g('sl', 'ap')}) = 'pm' THEN 12 ELSE 0 END ELSE ${h} END`;
  const slDmy = order === 'dmy';
  const slash = make(
    year(g('sl', 'y')),
    gi('sl', slDmy ? 'b' : 'a'),
    gi('sl', slDmy ? 'a' : 'b'),
    hour,
    gi('sl', 'mi'),
    gi('sl', 's'),
    "''",
  );
  const ymd = make(
    gi('ymd', 'y'),
    gi('ymd', 'mo'),
    gi('ymd', 'd'),
    gi('ymd', 'h'),
    gi('ymd', 'mi'),
    gi('ymd', 's'),
    "''",
  );
  const ms = `CASE WHEN ${c('nul')} THEN NULL
    WHEN ${c('serial')} AND ${serial} BETWEEN ${SERIAL_MIN} AND ${SERIAL_MAX} THEN CAST(floor(CAST(${EXCEL_EPOCH} AS DOUBLE) + ${serial} * CAST(${DAY} AS DOUBLE) + 0.5) AS BIGINT)
    WHEN ${c('plain')} THEN epoch_ms(TRY_CAST(${c('t')} AS TIMESTAMP))
    WHEN NOT ${fits} THEN NULL
    WHEN ${g('iso', 'y')} <> '' THEN ${iso}
    WHEN ${g('dot', 'a')} <> '' THEN ${dot}
    WHEN ${g('sl', 'a')} <> '' THEN ${slash}
    WHEN ${g('ymd', 'y')} <> '' THEN ${ymd} END`;
  return {
    stages,
    value: `epoch_ms(${ms})`,
    isNull: c('nul'),
    // A serial is digits only, never one of these shapes.
    fast: dateFast(raw, dotMdy),
  };
}
