/**
 * Column typing by scanning every value once: counts what parses as what, gathers the evidence
 * that fixes a column-wide format (decimal mark, day/month order) and a capped set of distinct
 * values for key detection. The type is the one most values fit; the rest become reported NULLs.
 */
import type { Cell, TypeFits, ValueFormat, ValueType } from '../types.ts';
import {
  decimalEvidence,
  FALSE,
  hasLeadingZero,
  isNullText,
  mayBeNumber,
  parseBoolean,
  parseNumber,
  TRUE,
} from './values.ts';
import { dottedEvidence, parseDate, slashEvidence } from './dates.ts';
import { mayRound, roundsBigint, roundsText, wholeText } from './precision.ts';

export const MAX_DISTINCT = 200_000;
/** Share of non-null values that must fit a type for the column to take it. */
const FIT = 0.9;

export class ColumnStats {
  nonNull = 0;
  nativeNumber = 0;
  nativeDate = 0;
  nativeBool = 0;
  text = 0;
  numDot = 0;
  numComma = 0;
  evDot = 0;
  evComma = 0;
  leadingZero = 0;
  dates = 0;
  dmy = 0;
  mdy = 0;
  /** Dotted dates, and those only one order of day and month can read. */
  dotted = 0;
  dotDmy = 0;
  dotMdy = 0;
  bools = 0;
  /** Numbers that load rounded (`precision.ts`), read with either mark; native integers past 2^53. */
  roundDot = 0;
  roundComma = 0;
  /** Of those, the ones written as whole numbers (`wholeText`): codes a double would change. */
  roundWholeDot = 0;
  roundWholeComma = 0;
  nativeRounded = 0;
  maxLength = 0;
  /**
   * Distinct values, shared with this statistics' clones until one of them adds a value (see
   * `clone`): add to it only through `addKey`, or after `resetKeys` gave this one its own.
   */
  distinct = new Set<string>();
  distinctOverflow = false;
  /** Non-null values behind `distinct` (= `nonNull`, unless the keys were gathered over more rows). */
  seen = 0;

  /**
   * What each text value was found to be, by value, while values repeat (stages, managers,
   * dates): the sample scan's typing tests cost ≈ 2 µs a value. Dropped for a column of mostly
   * different values (ids, amounts), where it would only add a lookup per value.
   */
  #memo: Map<string, number> | null = new Map();
  /** Whether `distinct` is shared with a clone (or the statistics cloned), so not this one's to add to. */
  #shared = false;
  #calls = 0;
  #misses = 0;

  add(cell: Cell): void {
    if (cell === null || cell === undefined) return;
    if (typeof cell === 'string') {
      const f = this.#evidence(cell);
      if (f & NULL) return;
      this.nonNull++;
      this.text++;
      const s = cell.trim();
      this.maxLength = Math.max(this.maxLength, s.length);
      if (f !== 0) this.#count(f);
      this.remember(s);
      return;
    }
    this.nonNull++;
    if (typeof cell === 'number' || typeof cell === 'bigint') {
      this.nativeNumber++;
      if (typeof cell === 'bigint' && roundsBigint(cell)) this.nativeRounded++;
    } else if (cell instanceof Date) this.nativeDate++;
    else if (typeof cell === 'boolean') this.nativeBool++;
    this.remember(cellKey(cell));
  }

  #evidence(cell: string): number {
    this.#calls++;
    const memo = this.#memo;
    let f = memo?.get(cell);
    if (f !== undefined) return f;
    f = isNullText(cell) ? NULL : evidence(cell.trim());
    if (memo) {
      if (memo.size < MEMO_SIZE) memo.set(cell, f);
      // Measured on a 1M-row export: worth it while a third of the values or more repeat.
      this.#misses++;
      if (this.#misses > MEMO_TRIAL && this.#misses * 3 > this.#calls * 2) this.#memo = null;
    }
    return f;
  }

  #count(f: number): void {
    if (f & NUM_DOT) this.numDot++;
    if (f & NUM_COMMA) this.numComma++;
    if (f & EV_DOT) this.evDot++;
    else if (f & EV_COMMA) this.evComma++;
    if (f & LEADING_ZERO) this.leadingZero++;
    if (f & DMY) this.dmy++;
    else if (f & MDY) this.mdy++;
    if (f & DOTTED) this.dotted++;
    if (f & DOT_DMY) this.dotDmy++;
    else if (f & DOT_MDY) this.dotMdy++;
    if (f & DATE) this.dates++;
    if (f & BOOL) this.bools++;
    if (f & ROUND_DOT) this.roundDot++;
    if (f & ROUND_COMMA) this.roundComma++;
    if (f & ROUND_WHOLE_DOT) this.roundWholeDot++;
    if (f & ROUND_WHOLE_COMMA) this.roundWholeComma++;
  }

  /** Gathers only the distinct key of a cell (no typing evidence): for the rows after a sample. */
  addKey(cell: Cell): void {
    if (cell === null || cell === undefined) return;
    if (typeof cell === 'string') {
      if (isNullText(cell)) return;
      this.remember(cell.trim());
    } else this.remember(cellKey(cell));
  }

  /** Forgets the distinct values, before `addKey` gathers them again over the whole table. */
  resetKeys(): void {
    this.distinct = new Set();
    this.#shared = false;
    this.distinctOverflow = false;
    this.seen = 0;
  }

  /**
   * An independent copy: the key-set passes (`resetKeys`, `addKey`) change a copy, not this. The
   * copy starts with no memo: it is only a cache of pure tests. Both share the distinct values
   * until either adds one (then it copies them first): the sample scan keeps a copy it may never
   * hand out, and copying 16 sets of 20,000 values was ≈ 12 % of a wide export's scan.
   */
  clone(): ColumnStats {
    const copy = Object.assign(new ColumnStats(), this);
    this.#shared = copy.#shared = true;
    return copy;
  }

  private remember(v: string): void {
    this.seen++;
    if (this.#shared) {
      this.distinct = new Set(this.distinct);
      this.#shared = false;
    }
    if (this.distinct.size < MAX_DISTINCT) this.distinct.add(v);
    else if (!this.distinct.has(v)) this.distinctOverflow = true;
  }
}

// What `evidence` found of a value, one bit per counter of `ColumnStats` it adds to.
const NUM_DOT = 1;
const NUM_COMMA = 2;
const EV_DOT = 4;
const EV_COMMA = 8;
const LEADING_ZERO = 16;
const DMY = 32;
const MDY = 64;
const DOTTED = 128;
const DOT_DMY = 256;
const DOT_MDY = 512;
const DATE = 1024;
const BOOL = 2048;
/** A null marker (empty, "NULL", "-", …): counts nowhere. */
const NULL = 4096;
/** A number that loads rounded (`precision.ts`), read with '.' or ',' as its decimal mark. */
const ROUND_DOT = 8192;
const ROUND_COMMA = 16384;
/** A number that loads rounded and is written as a whole number (`wholeText`), by mark. */
const ROUND_WHOLE_DOT = 32768;
const ROUND_WHOLE_COMMA = 65536;
/**
 * Values a memo holds at most (a sample's worth), and the new values seen before a column may be
 * found too varied for one.
 */
const MEMO_SIZE = 20_000;
const MEMO_TRIAL = 2048;

/**
 * No text longer than this lowercases to a boolean word: each code point lowercases to one or
 * more, and is at most two UTF-16 units.
 */
const BOOL_UNITS = 2 * Math.max(...[...TRUE, ...FALSE].map((w) => w.length));

/**
 * The typing tests of one trimmed text value, as `evidence` bits. Most values a sample tests
 * without a memo are ids, names, amounts and timestamps, so tests that cannot pass are skipped
 * by what they all need: a character no number holds rejects both marks at once; every date form
 * and a leading zero start with a digit (the patterns of `dates.ts` all open with `\d`); a
 * boolean word is short.
 */
function evidence(s: string): number {
  let f = 0;
  if (mayBeNumber(s)) {
    if (parseNumber(s, '.') !== undefined) f |= NUM_DOT;
    if (parseNumber(s, ',') !== undefined) f |= NUM_COMMA;
    if (f !== 0 && mayRound(s)) {
      if (f & NUM_DOT && roundsText(s, '.'))
        f |= ROUND_DOT | (wholeText(s, '.') ? ROUND_WHOLE_DOT : 0);
      if (f & NUM_COMMA && roundsText(s, ','))
        f |= ROUND_COMMA | (wholeText(s, ',') ? ROUND_WHOLE_COMMA : 0);
    }
  }
  const ev = decimalEvidence(s);
  if (ev === '.') f |= EV_DOT;
  else if (ev === ',') f |= EV_COMMA;
  const c0 = s.charCodeAt(0);
  if (c0 >= 0x30 && c0 <= 0x39) {
    if (hasLeadingZero(s) && /^\d+$/.test(s)) f |= LEADING_ZERO;
    const slash = slashEvidence(s);
    if (slash === 'dmy') f |= DMY;
    else if (slash === 'mdy') f |= MDY;
    const dotted = dottedEvidence(s);
    if (dotted !== null) f |= DOTTED;
    if (dotted === 'dmy') f |= DOT_DMY;
    else if (dotted === 'mdy') f |= DOT_MDY;
    if (slash !== null || dotted !== null || parseDate(s) !== undefined) f |= DATE;
  }
  if (s.length <= BOOL_UNITS && parseBoolean(s) !== undefined) f |= BOOL;
  return f;
}

/** Stable text form of a cell, used for keys and distinct counts. */
export function cellKey(cell: Cell): string {
  if (cell instanceof Date) return cell.toISOString();
  return String(cell).trim();
}

export interface Inferred {
  type: ValueType;
  format: ValueFormat;
  parsed: number;
}

/**
 * Whether a column's numbers that load rounded (`roundedAs`) are all written as whole numbers,
 * and there is one at least: 18–20-digit ids, tax numbers, account numbers. A native integer
 * (Parquet, Arrow) is one. A column of such codes keeps every digit as text (`detect.ts`).
 */
export function roundsWholeOnly(st: ColumnStats, ru: boolean): boolean {
  const rounded = roundedAs(st, 'number', ru);
  if (rounded === 0) return false;
  const text = asNumbers(st, ru).decimal === ',' ? st.roundWholeComma : st.roundWholeDot;
  if (st.nativeNumber + st.nativeDate + st.nativeBool > st.text)
    return st.nativeRounded + text === rounded;
  return text === rounded;
}

/** Picks the column type and format from its statistics. `ru` breaks ties the Russian way. */
export function inferColumn(st: ColumnStats, ru: boolean): Inferred {
  const format: ValueFormat = {};
  if (st.nonNull === 0) return { type: 'text', format, parsed: 0 };
  const native = st.nativeNumber + st.nativeDate + st.nativeBool;
  if (native > st.text) {
    if (st.nativeDate >= native * FIT) return { type: 'date', format, parsed: st.nativeDate };
    if (st.nativeNumber >= native * FIT) {
      const n = nativeNumbers(st, ru);
      if (st.text > 0) format.decimal = n.decimal;
      return { type: 'number', format, parsed: n.parsed };
    }
    if (st.nativeBool >= native * FIT) return { type: 'boolean', format, parsed: st.nativeBool };
    return { type: 'text', format, parsed: st.nonNull };
  }
  const enough = (k: number) => k >= st.nonNull * FIT;
  if (enough(st.bools) && st.bools > 0) return { type: 'boolean', format, parsed: st.bools };
  if (enough(st.dates)) {
    const d = asDates(st, ru);
    format.dateOrder = d.order;
    return { type: 'date', format, parsed: d.parsed };
  }
  const n = asNumbers(st, ru);
  // Leading zeros mean codes (zip prefixes, article numbers): numbers would lose them.
  if (enough(n.parsed) && st.leadingZero === 0) {
    format.decimal = n.decimal;
    return { type: 'number', format, parsed: n.parsed };
  }
  return { type: 'text', format, parsed: st.nonNull };
}

/** The day/month order a column's dates read in, and how many of its values read so. */
function asDates(st: ColumnStats, ru: boolean): { order: 'dmy' | 'mdy'; parsed: number } {
  // Values that only fit the other order are counted by conversion as failures.
  if (st.dotted > st.dates / 2)
    return {
      order: st.dotMdy > st.dotDmy ? 'mdy' : 'dmy',
      parsed: st.dates - Math.min(st.dotDmy, st.dotMdy),
    };
  const order = st.dmy > st.mdy ? 'dmy' : st.mdy > st.dmy ? 'mdy' : ru ? 'dmy' : 'mdy';
  return { order, parsed: st.dates - Math.min(st.dmy, st.mdy) };
}

/** The decimal mark a column's numbers read with, and how many of its values read so. */
function asNumbers(st: ColumnStats, ru: boolean): { decimal: ',' | '.'; parsed: number } {
  const decimal = st.evComma > st.evDot ? ',' : st.evDot > st.evComma ? '.' : ru ? ',' : '.';
  return { decimal, parsed: decimal === ',' ? st.numComma : st.numDot };
}

/**
 * The format a column's values read with as `type`, when that is not the type they looked like
 * (a role's, or the user's choice on the mapping screen): the same evidence `inferColumn` weighs.
 */
export function formatAs(st: ColumnStats, type: ValueType, ru: boolean): ValueFormat {
  if (type === 'number') return { decimal: asNumbers(st, ru).decimal };
  if (type === 'date') return { dateOrder: asDates(st, ru).order };
  return {};
}

/**
 * How many of a column's values read as `type`, which a role may fix whatever the values look
 * like (an amount column of text): what the mapping screen warns will load empty.
 */
export function parsedAs(st: ColumnStats, type: ValueType, ru: boolean): number {
  if (type === 'text') return st.nonNull;
  if (st.nativeNumber + st.nativeDate + st.nativeBool > st.text)
    return type === 'date'
      ? st.nativeDate
      : type === 'number'
        ? nativeNumbers(st, ru).parsed
        : st.nativeBool;
  if (type === 'boolean') return st.bools;
  return type === 'date' ? asDates(st, ru).parsed : asNumbers(st, ru).parsed;
}

/**
 * How many of a column's values load rounded when it loads as `type` (`precision.ts`): what the
 * mapping screen warns of beside the values that will load empty.
 */
export function roundedAs(st: ColumnStats, type: ValueType, ru: boolean): number {
  if (type !== 'number') return 0;
  const text = asNumbers(st, ru).decimal === ',' ? st.roundComma : st.roundDot;
  if (st.nativeNumber + st.nativeDate + st.nativeBool > st.text) return st.nativeRounded + text;
  return text;
}

/**
 * A column of native values read as numbers: its numbers, and its texts that read as numbers
 * with the mark their own evidence shows (`asNumbers`), as a JSON number a double would round,
 * kept as written (`read/json.ts`), or a number typed as text in a workbook: `convertCell` reads
 * them so too.
 */
function nativeNumbers(st: ColumnStats, ru: boolean): { decimal: ',' | '.'; parsed: number } {
  const n = asNumbers(st, ru);
  return { decimal: n.decimal, parsed: st.nativeNumber + n.parsed };
}

/** `parsedAs` and `roundedAs` for every type: what the mapping screen's warnings are made from. */
export function typeFits(st: ColumnStats, ru: boolean): TypeFits {
  const fit = (type: ValueType) => ({
    parsed: parsedAs(st, type, ru),
    rounded: roundedAs(st, type, ru),
  });
  return { text: fit('text'), number: fit('number'), date: fit('date'), boolean: fit('boolean') };
}
