/**
 * The `crm:` error line follows `--lang`, as the notes do: the real command, spawned, for one
 * error of each kind — the command line (an unknown option, preset or field, `--compare` without
 * a period), a core error it is blamed on (a `--sort` key that is no column), a file that cannot
 * be opened and one that cannot be read — in English and in Russian, with its exit code; and
 * `crm help` in Russian.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crm, type Run } from './run-cli.ts';

const DEALS = ['--deals', 'test/cli/fixtures/deals.csv'];

interface Case {
  argv: string[];
  code: number;
  en: string;
  ru: string;
}

const binary = join(mkdtempSync(join(tmpdir(), 'crm-lang-')), 'export.csv');

const CASES: Record<string, Case> = {
  unknownOption: {
    argv: ['report', '--bogus', ...DEALS],
    code: 2,
    en: "crm: unknown option '--bogus' (see: crm help)",
    ru: 'crm: неизвестный параметр «--bogus» (см.: crm help)',
  },
  unknownPreset: {
    argv: ['report', 'by-sauce', ...DEALS],
    code: 2,
    en: "crm: unknown preset 'by-sauce' (presets: by-source, lost-reasons, by-stage, funnel, managers, clients, custom-field, pipeline, won-size, activities, compare, ltv, cohorts, dynamics, drivers, forecast, pivot)",
    ru: 'crm: неизвестный отчёт «by-sauce» (отчёты: by-source, lost-reasons, by-stage, funnel, managers, clients, custom-field, pipeline, won-size, activities, compare, ltv, cohorts, dynamics, drivers, forecast, pivot)',
  },
  unknownField: {
    argv: ['report', ...DEALS, '--by', 'regoin', '--measures', 'deals'],
    code: 2,
    en: "crm: unknown field 'regoin'",
    ru: 'crm: неизвестное поле «regoin»',
  },
  compareNoPeriod: {
    argv: ['report', ...DEALS, '--measures', 'won', '--compare', 'year'],
    code: 2,
    en: 'crm: --compare needs a period: add --from and --to',
    ru: 'crm: для --compare нужен период: добавьте --from и --to',
  },
  badSort: {
    argv: ['report', ...DEALS, '--by', 'manager', '--measures', 'won', '--sort', 'revnue'],
    code: 2,
    en: "crm: cannot sort by 'revnue': not a column of this report",
    ru: 'crm: нельзя сортировать по «revnue»: в отчёте нет такого столбца',
  },
  missingFile: {
    argv: ['report', '--deals', 'test/cli/fixtures/nope.csv', '--measures', 'deals'],
    code: 2,
    en: 'crm: --deals test/cli/fixtures/nope.csv: no such file',
    ru: 'crm: --deals test/cli/fixtures/nope.csv: нет такого файла',
  },
  unreadableFile: {
    argv: ['report', '--deals', binary, '--measures', 'deals'],
    code: 1,
    en: 'crm: no deals table could be read (export.csv: not a text file (binary data))',
    ru: 'crm: не удалось прочитать ни одной таблицы сделок (export.csv: не текстовый файл (двоичные данные))',
  },
};

const runs: Record<string, Run> = {};
beforeAll(async () => {
  writeFileSync(
    binary,
    new Uint8Array(4096).map((_, i) => (i * 7919) % 256),
  );
  const jobs: [string, string[]][] = [];
  for (const [name, c] of Object.entries(CASES)) {
    jobs.push([`${name}.en`, c.argv]);
    jobs.push([`${name}.ru`, [...c.argv, '--lang', 'ru']]);
  }
  // `--lang` read before the option that fails, in either form, wherever it stands.
  jobs.push(['langFirst', ['report', '--lang', 'ru', '--bogus']]);
  jobs.push(['langEquals', ['report', '--lang=ru', '--bogus']]);
  jobs.push(['badLang', ['report', '--lang', 'de', '--bogus']]);
  jobs.push(['badLangAlone', ['report', ...DEALS, '--lang', 'de']]);
  jobs.push(['helpRu', ['help', '--lang', 'ru']]);
  const worker = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) runs[job[0]] = await crm(...job[1]);
  };
  await Promise.all([worker(), worker()]);
}, 300_000);

/** The one line on stderr; nothing on stdout. */
function line(r: Run): string {
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0]!;
}

describe('the crm: error line in --lang', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: English by default, Russian with --lang ru, exit ${c.code} either way`, () => {
      expect(line(runs[`${name}.en`]!)).toBe(c.en);
      expect(runs[`${name}.en`]!.code).toBe(c.code);
      expect(line(runs[`${name}.ru`]!)).toBe(c.ru);
      expect(runs[`${name}.ru`]!.code).toBe(c.code);
    });
  }

  it('--lang is known before the other arguments fail, as --lang ru or --lang=ru', () => {
    for (const r of [runs.langFirst!, runs.langEquals!]) {
      expect(line(r)).toBe('crm: неизвестный параметр «--bogus» (см.: crm help)');
      expect(r.code).toBe(2);
    }
  });

  it('a wrong --lang leaves the line in English, and is itself an English error', () => {
    expect(line(runs.badLang!)).toBe("crm: unknown option '--bogus' (see: crm help)");
    expect(line(runs.badLangAlone!)).toBe("crm: --lang: expected en or ru, got 'de'");
    expect([runs.badLang!.code, runs.badLangAlone!.code]).toEqual([2, 2]);
  });

  it('crm help --lang ru prints the Russian help', () => {
    expect(runs.helpRu!.code).toBe(0);
    expect(runs.helpRu!.stdout).toMatch(/^crm — отчёты CRM из командной строки/);
  });
});
