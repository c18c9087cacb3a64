import { describe, expect, it } from 'vitest';
import { DateDay, Float64, Table, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import {
  USAGE,
  UsageError,
  langOf,
  parseArgs,
  usage as help,
  type ReportArgs,
} from '../../src/cli/args.ts';
import { plain } from '../../src/lib/message.ts';
import { readJsonFile } from '../../src/cli/files.ts';
import { russianProblems } from '../lib/russian.ts';
import { csvField, errorLine, formatCsv, formatJson, toRows } from '../../src/cli/output.ts';
import { buildCliSpec, resolveFieldName } from '../../src/cli/spec.ts';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { TINY_MODEL } from '../fixtures/tiny-crm.ts';

const report = (...argv: string[]) => parseArgs(['report', ...argv]) as ReportArgs;
const usage = (...argv: string[]) => {
  try {
    parseArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('cli args', () => {
  it('reads every option, in both --x v and --x=v forms, lists comma-separated or repeated', () => {
    const a = report(
      'managers',
      '--deals',
      'd.csv',
      '--activities=a.csv',
      '--stages',
      's.csv',
      '--clients',
      'c.csv',
      '--managers',
      'm.csv',
      '--products',
      'p.csv',
      '--lookup',
      'Источники, 2024.csv',
      '--lookup=regions.csv',
      '--map',
      'manager=Owner,amount=Sum',
      '--map',
      'clients.client=Name',
      '--won',
      'Paid, Done',
      '--lost',
      'Failed',
      '--by',
      'manager,closed_at:quarter',
      '--by',
      'clients.sector',
      '--measures',
      'won,revenue',
      '--date',
      'closed_at',
      '--from',
      '2024-01-01',
      '--to',
      '2024-12-31',
      '--compare',
      'year',
      '--sort',
      'revenue:asc,won',
      '--limit',
      '10',
      '--format',
      'csv',
      '--sql',
      '--lang',
      'ru',
    );
    expect(a).toMatchObject({
      preset: 'managers',
      files: {
        deals: 'd.csv',
        activities: 'a.csv',
        stages: 's.csv',
        clients: 'c.csv',
        managers: 'm.csv',
        products: 'p.csv',
      },
      lookups: ['Источники, 2024.csv', 'regions.csv'],
      map: [
        { table: 'deals', role: 'manager', column: 'Owner' },
        { table: 'deals', role: 'amount', column: 'Sum' },
        { table: 'clients', role: 'client', column: 'Name' },
      ],
      won: ['Paid', 'Done'],
      lost: ['Failed'],
      by: ['manager', 'closed_at:quarter', 'clients.sector'],
      measures: ['won', 'revenue'],
      date: 'closed_at',
      from: '2024-01-01',
      to: '2024-12-31',
      compare: 'year',
      sort: [
        { key: 'revenue', dir: 'asc' },
        { key: 'won', dir: 'desc' },
      ],
      limit: 10,
      format: 'csv',
      sql: true,
      demo: false,
      lang: 'ru',
      spec: null,
    });
    expect(report('--demo', '--demo-deals', '500', '--measures', 'deals')).toMatchObject({
      preset: null,
      demo: true,
      demoDeals: 500,
      format: 'json',
    });
    expect(parseArgs(['presets', '--lang', 'ru'])).toEqual({
      command: 'presets',
      lang: 'ru',
      format: 'text',
    });
    expect(parseArgs([])).toEqual({ command: 'help' });
    expect(parseArgs(['report', '--help'])).toEqual({ command: 'help' });
  });

  it('rejects wrong command lines with one clear message', () => {
    expect(usage('report', '--measures', 'deals')).toMatch(/--deals FILE is required/);
    expect(usage('report', '--deals', 'd.csv', '--from', '2024-13-01')).toMatch(
      /--from: expected a real date/,
    );
    expect(
      usage('report', '--deals', 'd.csv', '--from', '2024-02-01', '--to', '2024-01-01'),
    ).toMatch(/is after/);
    expect(usage('report', '--deals', 'd.csv', '--compare', 'week')).toMatch(
      /--compare: expected previous or year/,
    );
    expect(usage('report', '--deals', 'd.csv', '--limit', '0')).toMatch(
      /--limit: expected a whole number/,
    );
    expect(usage('report', '--deals', 'd.csv', '--format', 'xml')).toMatch(/--format/);
    expect(usage('report', '--deals', 'd.csv', '--map', 'manager')).toMatch(/expected role=column/);
    expect(usage('report', '--deals', 'd.csv', '--map', 'orders.id=x')).toMatch(
      /unknown table 'orders'/,
    );
    expect(usage('report', '--deals', 'd.csv', '--nope')).toMatch(/unknown option '--nope'/);
    expect(usage('report', '--deals')).toMatch(/--deals needs a value/);
    expect(usage('report', '--demo', '--deals', 'd.csv')).toMatch(/cannot be combined/);
    expect(usage('frobnicate')).toMatch(/unknown command/);
  });

  it('every wrong command line is told in Russian too, options and values as typed', () => {
    const ru = (...argv: string[]) => {
      try {
        parseArgs(argv);
      } catch (e) {
        const m = (e as UsageError).msg;
        expect(russianProblems(m, argv.join(' '))).toEqual([]);
        return plain('ru', m);
      }
      throw new Error('expected a UsageError');
    };
    expect(ru('report', '--deals', 'd.csv', '--compare', 'week')).toBe(
      '--compare: ожидалось previous или year, получено «week»',
    );
    expect(ru('report', '--deals', 'd.csv', '--map', 'orders.id=x')).toBe(
      '--map: неизвестная таблица «orders» в «orders.id=x» (таблицы: deals, activities, stages, clients, managers, products)',
    );
    expect(ru('report', '--deals', 'd.csv', '--from', '2024-02-01', '--to', '2024-01-01')).toBe(
      '--from 2024-02-01 позже, чем --to 2024-01-01',
    );
    for (const argv of [
      ['report', '--measures', 'deals'],
      ['report', '--deals', 'd.csv', '--limit', '0'],
      ['report', '--deals', 'd.csv', '--horizon', '5y'],
      ['report', '--deals', 'd.csv', '--map', 'manager'],
      ['report', '--deals', 'd.csv', '--sql=1'],
      ['report', '--deals'],
      ['report', '--demo', '--deals', 'd.csv'],
      ['report', '--deals', 'd.csv', '--demo-deals', '5'],
      ['report', 'by-source', 'extra'],
      ['report', '--demo', '--out', 'site'],
      ['report', '--demo', '--engine', 'clickhouse', '--url', 'http://h:8123'],
      ['report', '--demo', '--engine', 'chdb', '--threads', '2'],
      ['report', '--engine', 'clickhouse', '--user', 'u'],
      ['report', '--engine', 'clickhouse', '--url', 'ftp://x'],
      ['report', '--engine', 'clickhouse', '--url', 'http://h:8123', '--database', 'a b'],
      ['report', '--demo', '--memory-limit', 'lots'],
      ['presets', 'extra'],
      ['publish', '--deals', 'd.csv'],
      ['publish', '--out', 'site', '--demo'],
      ['publish', 'x'],
      ['push', '--demo'],
      ['push', '--demo', '--engine', 'clickhouse', '--url', 'http://h:8123', '--out', 'x'],
      ['frobnicate'],
    ])
      ru(...argv, '--lang', 'ru');
  });

  it('crm help in Russian: its own words, the same commands, options and values', () => {
    const typed = (text: string) =>
      [...text.matchAll(/(?:--[\w-]+|crm \w+|\b[a-z]+(?:\|[a-z0-9-]+)+)/g)].map((m) => m[0]).sort();
    expect(help('en')).toBe(USAGE);
    expect(help('ru')).toMatch(/^crm — отчёты CRM из командной строки/);
    expect(typed(help('ru'))).toEqual(typed(USAGE));
  });

  it('knows --lang before reading the rest: either form, the last one, English when wrong', () => {
    expect(langOf(['report', '--nope', '--lang', 'ru'])).toBe('ru');
    expect(langOf(['report', '--lang=ru', '--deals'])).toBe('ru');
    expect(langOf(['report', '--lang', 'ru', '--lang', 'en'])).toBe('en');
    expect(langOf(['report', '--lang', 'de'])).toBe('en');
    expect(langOf(['report', '--lang'])).toBe('en');
    expect(langOf(['report', '--by', 'x'])).toBe('en');
  });
});

describe('cli spec building', () => {
  const catalog = buildCatalog(TINY_MODEL);
  const args = (...argv: string[]) => report('--deals', 'x.csv', ...argv);
  const noFile = async () => {
    throw new Error('no spec file here');
  };

  it('resolves roles, columns, table.column and lookup keys to catalog fields', () => {
    expect(resolveFieldName(catalog, 'manager')).toBe('manager');
    expect(resolveFieldName(catalog, 'managers.manager')).toBe('manager');
    expect(resolveFieldName(catalog, 'clients.client')).toBe('client');
    expect(resolveFieldName(catalog, 'department')).toBe('managers.department');
    expect(resolveFieldName(catalog, 'Clients.Region')).toBe('clients.region');
    expect(resolveFieldName(catalog, 'region "note"')).toBe('region "note"');
    expect(resolveFieldName(catalog, 'Lost reason')).toBe('lost_reason');
    expect(() => resolveFieldName(catalog, 'regio')).toThrow(
      /unknown field 'regio' \(did you mean/,
    );
  });

  it('resolves the key of a dataset’s own lookup, and of a lookup of a lookup', () => {
    const withLookups = buildCatalog({
      ...TINY_MODEL,
      tables: [
        ...TINY_MODEL.tables,
        {
          name: 'sources',
          lookup: { from: 'deals', column: 'source' },
          rows: 2,
          columns: [
            { name: 'source', type: 'text' },
            { name: 'Channel', type: 'text' },
          ],
        },
        {
          name: 'regions',
          lookup: { from: 'clients', column: 'region' },
          rows: 2,
          columns: [
            { name: 'region', type: 'text' },
            { name: 'District', type: 'text' },
          ],
        },
      ],
    });
    expect(resolveFieldName(withLookups, 'sources.source')).toBe('source');
    expect(resolveFieldName(withLookups, 'Sources.Source')).toBe('source');
    expect(resolveFieldName(withLookups, 'regions.region')).toBe('clients.region');
    expect(resolveFieldName(withLookups, 'sources.Channel')).toBe('sources.Channel');
    expect(resolveFieldName(withLookups, 'District')).toBe('regions.District');
    // A clients/managers/products key names the deals role even when no such file was loaded.
    const dealsOnly = buildCatalog({
      ...TINY_MODEL,
      tables: TINY_MODEL.tables.filter((t) => t.name === 'deals'),
    });
    expect(resolveFieldName(dealsOnly, 'managers.manager')).toBe('manager');
    expect(resolveFieldName(dealsOnly, 'Clients.Client')).toBe('client');
  });

  it('builds a flat spec: --by replaces the dimensions, keys stay as typed, totals off', async () => {
    const r = await buildCliSpec(
      args(
        'managers',
        '--by',
        'managers.manager,closed_at:quarter',
        '--measures',
        'won,revenue',
        '--sort',
        'managers.manager:asc',
        '--from',
        '2024-01-01',
      ),
      catalog,
      TINY_MODEL,
      noFile,
    );
    expect(r.spec).toMatchObject({
      rows: [{ field: 'manager' }, { field: 'closed_at', grain: 'quarter' }],
      columns: [],
      measures: ['won', 'revenue'],
      sort: [{ key: 'manager', dir: 'asc' }],
      period: { from: '2024-01-01', to: '2024-03-20' },
      totals: false,
      preset: 'managers',
    });
    expect([...r.rename]).toEqual([['manager', 'managers.manager']]);
    await expect(
      buildCliSpec(
        args('--by', 'closed_at:decade', '--measures', 'deals'),
        catalog,
        TINY_MODEL,
        noFile,
      ),
    ).rejects.toThrow(/unknown grain 'decade'/);
    await expect(
      buildCliSpec(
        args('--by', 'manager:month', '--measures', 'deals'),
        catalog,
        TINY_MODEL,
        noFile,
      ),
    ).rejects.toThrow(/not a date/);
    await expect(
      buildCliSpec(args('--measures', 'nope'), catalog, TINY_MODEL, noFile),
    ).rejects.toThrow(/unknown measure 'nope'/);
    await expect(buildCliSpec(args('nope'), catalog, TINY_MODEL, noFile)).rejects.toThrow(
      /unknown preset 'nope'/,
    );
    await expect(
      buildCliSpec(args('--measures', 'won', '--compare', 'year'), catalog, TINY_MODEL, noFile),
    ).rejects.toThrow(/--compare needs a period/);
    const spec = await buildCliSpec(
      args('--spec', 's.json', '--limit', '2'),
      catalog,
      TINY_MODEL,
      async () => ({ rows: [{ field: 'source' }], measures: ['deals'] }),
    );
    expect(spec.spec).toMatchObject({
      rows: [{ field: 'source' }],
      measures: ['deals'],
      limit: 2,
      totals: false,
    });
    await expect(
      buildCliSpec(args('--spec', 's.json'), catalog, TINY_MODEL, async () => ({
        measures: ['deals'],
        colour: 'red',
      })),
    ).rejects.toThrow(/spec.colour: unknown key/);
  });

  it('every report the options cannot build is told in Russian too', async () => {
    const cases = [
      ['--by', 'closed_at:decade', '--measures', 'deals'],
      ['--by', 'manager:month', '--measures', 'deals'],
      ['--by', 'regio', '--measures', 'deals'],
      ['--by', 'zzz', '--measures', 'deals'],
      ['--measures', 'nope'],
      ['nope'],
      [],
      ['managers', '--spec', 's.json'],
      ['--measures', 'won', '--compare', 'year'],
      ['managers', '--horizon', '3m'],
      ['forecast', '--backtest', '--top-deals', '3'],
    ];
    for (const argv of cases) {
      const e: unknown = await buildCliSpec(args(...argv), catalog, TINY_MODEL, async () => ({
        measures: ['deals'],
      })).then(
        () => new Error(`no error for ${argv.join(' ')}`),
        (x: unknown) => x,
      );
      expect(e, argv.join(' ')).toBeInstanceOf(UsageError);
      expect(russianProblems((e as UsageError).msg, argv.join(' '))).toEqual([]);
    }
  });
});

describe('cli files', () => {
  it('a --spec or --report file that cannot be read or is no JSON: a UsageError in the language', async () => {
    const fail = (path: string) =>
      readJsonFile('--spec', path).then(
        () => {
          throw new Error('expected a UsageError');
        },
        (e: unknown) => {
          expect(e).toBeInstanceOf(UsageError);
          const m = (e as UsageError).msg;
          return [plain('en', m), plain('ru', m)];
        },
      );
    expect(await fail('test/cli/fixtures/nope.json')).toEqual([
      '--spec test/cli/fixtures/nope.json: no such file',
      '--spec test/cli/fixtures/nope.json: нет такого файла',
    ]);
    expect(await fail('test/cli/fixtures')).toEqual([
      '--spec test/cli/fixtures: is a directory',
      '--spec test/cli/fixtures: это папка',
    ]);
    const [en, ru] = await fail('test/cli/fixtures/deals.csv');
    expect(en).toMatch(/^--spec test\/cli\/fixtures\/deals\.csv: not valid JSON \(.+\)$/);
    expect(ru).toMatch(/^--spec test\/cli\/fixtures\/deals\.csv: некорректный JSON \(.+\)$/);
  });
});

describe('cli output', () => {
  it('keeps numbers as numbers, dates as YYYY-MM-DD, nulls as null/empty; CSV quotes what needs it', () => {
    const t = new Table({
      name: vectorFromArray(['a,b', 'say "hi"'], new Utf8()),
      n: vectorFromArray([1.5, NaN], new Float64()),
      ts: vectorFromArray([Date.UTC(2024, 0, 2, 10), null], new TimestampMillisecond()),
      d: vectorFromArray([new Date(Date.UTC(2023, 11, 31)), null], new DateDay()),
    });
    const rows = toRows(t, [
      { key: 'name', name: 'Name' },
      { key: 'n', name: 'n' },
      { key: 'ts', name: 'ts' },
      { key: 'd', name: 'd' },
    ]);
    expect(rows).toEqual([
      { Name: 'a,b', n: 1.5, ts: '2024-01-02', d: '2023-12-31' },
      { Name: 'say "hi"', n: null, ts: null, d: null },
    ]);
    expect(JSON.parse(formatJson(rows))).toEqual(rows);
    expect(formatJson([])).toBe('[]\n');
    expect(formatCsv(rows, ['Name', 'n', 'ts', 'd'])).toBe(
      'Name,n,ts,d\n"a,b",1.5,2024-01-02,2023-12-31\n"say ""hi""",,,\n',
    );
    expect(csvField(' x')).toBe('" x"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });

  it('turns any error into one line, unpacking DuckDB JSON errors', () => {
    const duck = JSON.stringify({
      exception_type: 'Binder',
      exception_message: 'Referenced column "x" not found\n\nLINE 1: select x',
      position: '7',
    });
    expect(errorLine(new Error(duck))).toBe('Binder error: Referenced column "x" not found');
    expect(errorLine(new Error('two\nlines'))).toBe('two lines');
    expect(errorLine('plain')).toBe('plain');
  });

  it('prints our errors in the language asked for, a foreign one as it is', () => {
    const e = (() => {
      try {
        parseArgs(['report', '--deals', 'd.csv', '--bogus']);
      } catch (x) {
        return x;
      }
    })();
    expect(errorLine(e)).toBe("unknown option '--bogus' (see: crm help)");
    expect(errorLine(e, 'ru')).toBe('неизвестный параметр «--bogus» (см.: crm help)');
    expect(errorLine(new Error('EACCES: denied'), 'ru')).toBe('EACCES: denied');
  });
});
