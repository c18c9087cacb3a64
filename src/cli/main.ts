/**
 * `crm` — the workbench's reports from the command line: the same import, catalog, presets and
 * compiler, on native DuckDB (default), DuckDB-WASM, chdb or a ClickHouse server (`--engine`,
 * docs/engines.md; `crm push` loads a ClickHouse server). Results go to stdout; notes and errors to stderr, in `--lang`, an
 * error as one line and a non-zero exit code (2 for a wrong command line, 1 for everything else).
 */
import { fileURLToPath } from 'node:url';
import { buildCatalog } from '../crm/catalog.ts';
import { PRESETS } from '../crm/presets.ts';
import { compileReport, resultNotes } from '../crm/report.ts';
import { statementsOf } from '../query/run/prepared.ts';
import { UsageError, langOf, parseArgs, usage, type ReportArgs } from './args.ts';
import { createCliEngine } from './engine.ts';
import { loadData } from './load.ts';
import { readJsonFile } from './files.ts';
import { publish } from './publish.ts';
import { push } from './push.ts';
import { readServerModel } from '../crm/server-model.ts';
import { errorLine, formatCsv, formatJson, importNotes, toRows } from './output.ts';
import { buildCliSpec } from './spec.ts';
import { undatedNotes } from '../query/period/undated.ts';
import { MessageError, msg, plain } from '../lib/message.ts';
import { coverageNotes } from '../charts/report/coverage-note.ts';

/** Output roles printed by the CLI: dimensions, measures and the comparison columns. */
const PRINTED = new Set(['dimension', 'measure', 'previous', 'delta', 'growth']);

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (e) => (e ? reject(e) : resolve())));
}

async function report(args: ReportArgs): Promise<void> {
  const engine = await createCliEngine(args);
  try {
    const { model, report } =
      args.engine === 'clickhouse'
        ? {
            model: await readServerModel(engine, {
              url: args.url ?? '',
              database: args.database ?? 'default',
            }),
            report: null,
          }
        : await loadData(engine, args);
    const catalog = buildCatalog(model);
    const { spec, rename, notes } = await buildCliSpec(args, catalog, model, (path) =>
      readJsonFile('--spec', path),
    );
    const compiled = compileReport(spec, catalog, { dialect: engine.dialect });
    if (args.sql) {
      await write(
        process.stdout,
        statementsOf(compiled)
          .map((x) => `${x};\n`)
          .join(''),
      );
      return;
    }
    for (const t of compiled.prepare ?? []) await engine.exec(t.sql);
    const result = await engine.query(compiled.sql);
    const undated = await undatedNotes(compiled.undated, async (sql) =>
      Number(((await engine.query(sql)).get(0)?.toJSON() as { n?: number } | undefined)?.n ?? 0),
    );
    const columns = compiled.columns
      .filter((c) => PRINTED.has(c.role))
      .map((c) => ({ key: c.key, name: rename.get(c.key) ?? c.key }));
    const rows = toRows(result, columns);
    const text =
      args.format === 'csv'
        ? formatCsv(
            rows,
            columns.map((c) => c.name),
          )
        : formatJson(rows);
    await write(process.stdout, text);
    const all = [
      ...(report ? importNotes(report, args.lang) : []),
      ...[
        ...notes,
        ...compiled.notes,
        ...undated,
        ...coverageNotes(spec, model.minDate),
        ...resultNotes(spec, rows[0]),
      ].map((m) => plain(args.lang, m)),
    ];
    if (all.length) await write(process.stderr, all.map((n) => `note: ${n}\n`).join(''));
  } finally {
    await engine.close();
  }
}

async function presets(lang: 'en' | 'ru', format: 'text' | 'json'): Promise<void> {
  if (format === 'json') {
    const list = PRESETS.map((p) => ({ id: p.id, title: p.title[lang], help: p.help[lang] }));
    await write(process.stdout, `${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  const width = Math.max(...PRESETS.map((p) => p.id.length));
  await write(
    process.stdout,
    PRESETS.map((p) => `${p.id.padEnd(width)}  ${p.title[lang]}\n`).join(''),
  );
}

export async function main(argv: string[]): Promise<number> {
  // Known before any other argument is read, so that its errors are told in it too.
  const lang = langOf(argv);
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    await write(process.stderr, `crm: ${errorLine(e, lang)}\n`);
    return 2;
  }
  try {
    if (args.command === 'help') await write(process.stdout, `${usage(lang)}\n`);
    else if (args.command === 'presets') await presets(args.lang, args.format);
    else if (args.command === 'publish') {
      const root = fileURLToPath(new URL('../..', import.meta.url));
      const { out, notes } = await publish(args, root);
      await write(process.stdout, `${out}\n`);
      await write(
        process.stderr,
        [...notes, plain(args.data.lang, msg('cli_published', { out }))]
          .map((n) => `note: ${n}\n`)
          .join(''),
      );
    } else if (args.command === 'push') {
      const pushed = await push(args);
      await write(process.stdout, `${JSON.stringify(pushed.tables, null, 2)}\n`);
      const notes = pushed.report ? importNotes(pushed.report, args.data.lang) : [];
      await write(
        process.stderr,
        [
          ...notes,
          plain(
            args.data.lang,
            msg('cli_pushed', {
              url: pushed.url,
              database: pushed.database,
              tables: Object.entries(pushed.tables).map(([table, n]) =>
                msg('cli_pushedTable', { table, n }),
              ),
            }),
          ),
        ]
          .map((n) => `note: ${n}\n`)
          .join(''),
      );
    } else await report(args);
    return 0;
  } catch (e) {
    await write(process.stderr, `crm: ${errorLine(e, lang)}\n`);
    return exitCode(e);
  }
}

/**
 * 2 for a wrong command line, 1 for what failed later (docs/cli.md, "Exit codes"). A `--sort`
 * key that names no column of the report is only found when the report compiles, yet it is
 * what the user typed, as an unknown field or measure is.
 */
function exitCode(e: unknown): number {
  if (e instanceof UsageError) return 2;
  return e instanceof MessageError && e.msg.code === 'compile_cannotSort' ? 2 : 1;
}

// Exit explicitly: the engine's wasm runtime may keep the event loop alive after close.
process.exit(await main(process.argv.slice(2)));
