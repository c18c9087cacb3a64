/**
 * `parseDate` checks a date's day against its month arithmetically (`monthDays`), not by a round
 * trip through `Date`: against that round trip (the check it replaced, kept here as the
 * reference) on every day 0–32 of every month 0–13 in leap, non-leap and century years, in each
 * text form (ISO, dotted and slash with two- and four-digit years, year first with slashes), and
 * on fractions that round up to the next second at the end of a day.
 */
import { describe, expect, it } from 'vitest';
import { monthDays, parseDate } from '../../../src/ingest/parse/dates.ts';

/** What `make` returned before: the timestamp when `Date` gives back the same day, else undefined. */
function reference(y: number, mo: number, d: number, H = 0, M = 0, S = 0, ms = 0) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || H > 23 || M > 59 || S > 59 || y < 1000)
    return undefined;
  const t = Date.UTC(y, mo - 1, d, H, M, S, ms);
  const c = new Date(t);
  return c.getUTCFullYear() === y && c.getUTCMonth() === mo - 1 && c.getUTCDate() === d
    ? t
    : undefined;
}

const YEARS = [1000, 1600, 1700, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9996, 9999];
const p2 = (n: number) => String(n).padStart(2, '0');

describe('date validity without a Date round trip', () => {
  it('monthDays agrees with Date for every month of the years around each rule', () => {
    for (const y of [...YEARS, 1604, 1800, 2001, 2004]) {
      for (let mo = 1; mo <= 12; mo++)
        expect(monthDays(y, mo), `${y}-${mo}`).toBe(new Date(Date.UTC(y, mo, 0)).getUTCDate());
    }
  });

  it('every day 0–32 of every month 0–13, in every text form', () => {
    let valid = 0;
    for (const y of YEARS)
      for (let mo = 0; mo <= 13; mo++)
        for (let d = 0; d <= 32; d++) {
          const want = reference(y, mo, d);
          if (want !== undefined) valid++;
          const iso = `${y}-${p2(mo)}-${p2(d)}`;
          expect(parseDate(iso), iso).toBe(want);
          expect(parseDate(`${iso} 23:59:59`), iso).toBe(reference(y, mo, d, 23, 59, 59));
          expect(parseDate(`${p2(d)}.${p2(mo)}.${y}`)).toBe(want);
          expect(parseDate(`${mo}/${d}/${y} 11:30 PM`, 'mdy')).toBe(reference(y, mo, d, 23, 30));
          expect(parseDate(`${y}/${mo}/${d}`)).toBe(want);
        }
    // The fixture reaches both sides: real days and every kind of impossible one.
    expect(valid).toBe(YEARS.length * 365 + YEARS.filter((y) => monthDays(y, 2) === 29).length);
  });

  it('two-digit years (00–69 → 20xx, 70–99 → 19xx), Feb 29 included', () => {
    for (let yy = 0; yy < 100; yy++) {
      const y = yy < 70 ? 2000 + yy : 1900 + yy;
      for (const [mo, d] of [
        [2, 28],
        [2, 29],
        [2, 30],
        [4, 31],
        [12, 31],
        [13, 1],
        [1, 0],
      ]) {
        const want = reference(y, mo!, d!);
        expect(parseDate(`${p2(d!)}.${p2(mo!)}.${p2(yy)}`), `${d}.${mo}.${yy}`).toBe(want);
        expect(parseDate(`${d}/${mo}/${p2(yy)}`, 'dmy'), `${d}/${mo}/${yy}`).toBe(want);
      }
    }
  });

  it('a fraction that rounds up to a whole second carries into the next day only at its end', () => {
    for (const y of YEARS)
      for (const [mo, d] of [
        [2, 28],
        [2, 29],
        [12, 31],
        [6, 30],
      ])
        for (const time of [
          '23:59:59.9995',
          '23:59:59.999',
          '23:59:58.9996',
          '12:00:00.9999',
          '23:59:59.99949',
        ]) {
          const [h, m, sf] = time.split(':');
          const [sec, frac] = sf!.split('.');
          const ms = Math.round(Number(`0.${frac}`) * 1000);
          const text = `${y}-${p2(mo!)}-${p2(d!)}T${time}`;
          expect(parseDate(text), text).toBe(reference(y, mo!, d!, +h!, +m!, +sec!, ms));
        }
    expect(parseDate('2024-12-31 23:59:59.9995')).toBeUndefined();
    expect(parseDate('2024-12-31 23:59:58.9995')).toBe(Date.UTC(2024, 11, 31, 23, 59, 59));
  });
});
