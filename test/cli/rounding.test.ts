/**
 * The CLI's notes on numbers a DOUBLE cannot hold (parse/precision.ts), as a user runs it: a
 * number a double writes back as it is (`0.30000000000000004`) gets no note, CSV or JSON; one it
 * changes gets the note naming file, column and first row, in English and Russian (`--lang ru`);
 * a column of 20-digit codes under a header that names no key is text, every digit kept.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crm } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'crm-rounding-'));

/** A deals file whose amounts are `amounts`, one deal each. */
function dealsCsv(name: string, amounts: string[]): string {
  const rows = amounts.map((a, i) => `D${i + 1},Deal ${i + 1},"${a}",Won,2024-03-0${i + 1}`);
  const path = join(dir, name);
  writeFileSync(path, ['id,title,amount,stage,created_at', ...rows].join('\n') + '\n');
  return path;
}

function dealsJson(name: string, amounts: string[]): string {
  const rows = amounts.map(
    (a, i) => `{"id":"D${i + 1}","title":"Deal ${i + 1}","amount":${a},"stage":"Won"}`,
  );
  const path = join(dir, name);
  writeFileSync(path, `[${rows.join(',')}]`);
  return path;
}

const EXACT = ['0.30000000000000004', '123456789012345.67', '1.7976931348623157e308'];
const report = (file: string, ...more: string[]) =>
  crm('report', '--deals', file, '--measures', 'deals,amount', '--format', 'json', ...more);

describe('crm report: numbers a double would round', () => {
  it.each([
    ['CSV', () => dealsCsv('exact.csv', EXACT)],
    ['JSON', () => dealsJson('exact.json', EXACT)],
  ])('a %s file of numbers a double writes back: no note', async (_, make) => {
    const r = await report(make());
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('significant digits');
  });

  it('one it changes: the note names the file, column and first row, EN and RU', async () => {
    const file = dealsCsv('round.csv', ['10', '0.30000000000000004', '1234567890123456.78']);
    const en = await report(file);
    expect(en.code).toBe(0);
    expect(en.stderr).toContain(
      'note: round.csv: "amount": 1 value has more than 15 significant digits and was loaded rounded (the first in row 4: 1234567890123456.78)',
    );
    const ru = await report(file, '--lang', 'ru');
    expect(ru.stderr).toContain(
      'note: round.csv: «amount»: 1 значение длиннее 15 значащих цифр загружено округлённым (первое — в строке 4: 1234567890123456.78)',
    );
  });

  it('a column of 20-digit codes keeps every digit, with no note', async () => {
    const refs = ['12345678901234567891', '12345678901234567893', '98765432109876543219'];
    const path = join(dir, 'codes.csv');
    writeFileSync(
      path,
      ['id,title,amount,stage,external_ref,inn']
        .concat(refs.map((r, i) => `D${i},Deal ${i},${i * 10},Won,${r},${r.slice(1)}7`))
        .join('\n') + '\n',
    );
    const r = await crm(
      'report',
      '--deals',
      path,
      '--measures',
      'deals',
      '--by',
      'external_ref,inn',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('significant digits');
    const rows = JSON.parse(r.stdout) as { external_ref: unknown; inn: unknown }[];
    expect(rows.map((x) => x.external_ref).sort()).toEqual(refs);
    expect(rows.map((x) => x.inn).sort()).toEqual(refs.map((x) => `${x.slice(1)}7`).sort());
  });
});
