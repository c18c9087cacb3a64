/**
 * The date rules of `dates.ts` and `convert.ts` (Excel serials) as SQL over text, generated from
 * those modules' own constants and regular expressions; `sqlConversion` (`sql-rules.ts`) calls
 * `dateConversion` for a date column.
 */
import { quoteIdent as q, quoteString as s } from '../../query/sql/escape.ts';
import type { ValueFormat } from '../types.ts';
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
import { fastTest, re2 } from './sql-re2.ts';
import type { FastPath, SqlConversion, Stage } from './sql-rules.ts';

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
 * Dotted and slash dates in their clean shapes, `DD.MM.YYYY[ HH:MM[:SS]]` and the same with `/`
 * (`DOTTED` and `SLASH` with two-digit fields, a four-digit year from 1000, one space and no
 * AM/PM; two-digit years pivot in the full rules, so they stay there), as `strptime` formats in
 * the column's order for that separator. Each shape has its own length.
 */
const clearShapes = (sep: '.' | '/', mdy: boolean) =>
  (mdy
    ? ['%m.%d.%Y', '%m.%d.%Y %H:%M', '%m.%d.%Y %H:%M:%S']
    : ['%d.%m.%Y', '%d.%m.%Y %H:%M', '%d.%m.%Y %H:%M:%S']
  ).map((f) => f.replaceAll('.', sep));

/** A format's exact characters as a GLOB: a digit per field digit, the year's first from 1 to 9. */
const shapeGlob = (format: string) =>
  format.replace(/%([dmHMSY])/g, (_, f: string) =>
    f === 'Y' ? '[1-9][0-9][0-9][0-9]' : '[0-9][0-9]',
  );

/** A format's length in characters: every field two digits, the year four. */
const shapeLength = (format: string) => format.replace('%Y', 'YYYY').replace(/%./g, 'DD').length;

/** A format's exact characters as a JS pattern, for the sample: what `shapeGlob` matches. */
const shapeRegExp = (format: string) =>
  new RegExp(
    `^${format
      .split(/(%[dmHMSY])/)
      .map((part, i) =>
        i % 2
          ? part === '%Y'
            ? '[1-9][0-9]{3}'
            : '[0-9]{2}'
          : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
      )
      .join('')}$`,
  );

/**
 * Every clean shape a column's fast path may read on its own with `strptime`: ISO dates (with a
 * time to the minute or second, after a space or a `T`), and the dotted and slash shapes of
 * `clearShapes` in the column's orders. On a text of one of these shapes (the GLOB), `strptime`
 * gives the wall time `parseDate` gives and NULL exactly where `make` rejects the date.
 */
const cleanShapes = (dotMdy: boolean, slashMdy: boolean) => [
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%d',
  '%Y-%m-%d %H:%M',
  '%Y-%m-%dT%H:%M:%S',
  '%Y-%m-%dT%H:%M',
  ...clearShapes('.', dotMdy),
  ...clearShapes('/', slashMdy),
];

/** At most this many shapes in a column's fast path: each costs a GLOB on every value. */
const MAX_SHAPES = 3;

/**
 * The clean shapes a column's sample holds, the most frequent first, one per length (so the
 * length picks the `strptime` format) and at most `MAX_SHAPES`; none when the sample holds none.
 */
export function sampleShapes(sample: readonly string[], dotMdy: boolean, slashMdy: boolean) {
  const counted = cleanShapes(dotMdy, slashMdy)
    .map((f) => {
      const re = shapeRegExp(f);
      return { f, n: sample.reduce((n, v) => n + (re.test(v) ? 1 : 0), 0) };
    })
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n);
  const out: string[] = [];
  for (const { f } of counted)
    if (out.length < MAX_SHAPES && !out.some((o) => shapeLength(o) === shapeLength(f))) out.push(f);
  return out;
}

/**
 * The fast path of a column whose sample showed `shapes` (`sampleShapes`): those shapes alone,
 * each a GLOB (a fixed length: no `*`) read by its own `strptime`. Every other text goes to the
 * full rules, which is where the generic fast path below would have sent it or gives the same.
 */
function shapesFast(raw: string, shapes: string[]): FastPath {
  const read = (f: string) => `try_strptime(${raw}, ${s(f)})`;
  return {
    test: `(${shapes.map((f) => `${raw} GLOB ${s(shapeGlob(f))}`).join(' OR ')})`,
    value:
      shapes.length === 1
        ? read(shapes[0]!)
        : `CASE strlen(${raw}) ${shapes.map((f) => `WHEN ${shapeLength(f)} THEN ${read(f)}`).join(' ')} END`,
    takes: shapes.map(shapeRegExp),
    // One shape, one format for DuckDB's reader (it takes one of each kind per file).
    ...(shapes.length === 1
      ? { reader: { type: /%H/.test(shapes[0]!) ? 'TIMESTAMP' : 'DATE', format: shapes[0]! } }
      : {}),
  };
}

/**
 * The fast path of a date column over the raw text: a dotted or slash text (`LIKE '__.__.%'`,
 * `LIKE '__/__/%'`, which cost next to nothing, so ISO columns barely notice them) is tested with
 * the GLOB of the shape of its length (`strlen` reads a stored size; a text of a shape is ASCII,
 * so bytes are characters) and read by that shape's `strptime`; anything else by `PLAIN_ISO` and
 * the cast. `strptime` alone would skip spaces and take short fields, hence the GLOB. On such a
 * text it gives the wall time `parseDate` gives, and NULL exactly where `make` rejects the date
 * (month 13, Feb 30, hour 24, second 60), as the full rules would, so those rows need no second
 * look; `strptime` and DuckDB's cast read no digits but ASCII ones, as `\d` does. Dotted dates
 * are day first unless the column is month first, slash dates take the column's order.
 */
function dateFast(raw: string, dotMdy: boolean, slashMdy: boolean): FastPath {
  const kinds = [
    { like: `${raw} LIKE '__.__.%'`, shapes: clearShapes('.', dotMdy) },
    { like: `${raw} LIKE '__/__/%'`, shapes: clearShapes('/', slashMdy) },
  ];
  const byLength = (shapes: string[], then: (f: string) => string, none: string) =>
    `CASE strlen(${raw}) ${shapes.map((f) => `WHEN ${shapeLength(f)} THEN ${then(f)}`).join(' ')} ELSE ${none} END`;
  const each = (then: (f: string) => string, none: string) =>
    kinds.map((k) => `WHEN ${k.like} THEN ${byLength(k.shapes, then, none)}`).join(' ');
  return {
    test: `(CASE ${each((f) => `${raw} GLOB ${s(shapeGlob(f))}`, 'false')} ELSE ${fastTest(raw, PLAIN_ISO)} END)`,
    value: `CASE ${each((f) => `try_strptime(${raw}, ${s(f)})`, 'NULL')} ELSE TRY_CAST(${raw} AS TIMESTAMP) END`,
    // Only a sample with no clean shape, or none at all, comes here.
    takes: [],
  };
}

/** `convertCell` for a date column: an Excel serial in range, else `parseDate`. */
export function dateConversion(
  raw: string,
  base: Stage,
  isNull: Stage,
  order: 'dmy' | 'mdy',
  p: string,
  format: ValueFormat,
  sample?: readonly string[],
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
  const shapes = sample ? sampleShapes(sample, dotMdy, !slDmy) : [];
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
    fast: shapes.length ? shapesFast(raw, shapes) : dateFast(raw, dotMdy, !slDmy),
  };
}
